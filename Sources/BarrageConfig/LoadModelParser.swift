import BarrageCore
import Foundation

/// Parses a scenario's `load:` block into one of the load models.
enum LoadModelParser {
    static let models = ["constant-users", "ramping-users", "per-user-iterations", "constant-rate", "ramping-rate"]

    static func parse(_ node: ConfigNode) throws(ConfigError) -> any LoadModel {
        guard case .mapping = node.value else {
            throw node.error("expected a mapping with a model, found \(node.kindDescription)")
        }
        let all = [
            "model", "users", "spawn_rate", "duration", "start_users", "stages", "iterations", "max_duration", "rate",
            "start_rate", "max_in_flight",
        ]
        let probe = try node.mapping(allowedKeys: all)
        let modelNode = try probe.required("model")
        let model = try modelNode.string()
        switch model {
        case "constant-users":
            let load = try node.mapping(allowedKeys: ["model", "users", "spawn_rate", "duration"])
            return ConstantUsersModel(
                users: try positiveInt(load.required("users")),
                spawnRate: try load["spawn_rate"].map { node throws(ConfigError) in try positiveNumber(node) },
                duration: try positiveDuration(load.required("duration"))
            )
        case "ramping-users":
            let load = try node.mapping(allowedKeys: ["model", "start_users", "stages"])
            let start = try load["start_users"].map { node throws(ConfigError) in try nonNegativeInt(node) } ?? 0
            return RampingUsersModel(startUsers: start, stages: try stages(load.required("stages"), integral: true))
        case "per-user-iterations":
            let load = try node.mapping(allowedKeys: ["model", "users", "iterations", "max_duration"])
            return PerUserIterationsModel(
                users: try positiveInt(load.required("users")),
                iterations: try positiveInt(load.required("iterations")),
                maxDuration: try load["max_duration"].map { node throws(ConfigError) in try positiveDuration(node) }
                    ?? 600_000_000_000
            )
        case "constant-rate":
            let load = try node.mapping(allowedKeys: ["model", "rate", "duration", "max_in_flight"])
            let rate = try load.required("rate").rate()
            return ConstantRateModel(
                rate: rate,
                duration: try positiveDuration(load.required("duration")),
                maxInFlight: try load["max_in_flight"].map { node throws(ConfigError) in try positiveInt(node) }
                    ?? defaultMaxInFlight(rate: rate)
            )
        case "ramping-rate":
            let load = try node.mapping(allowedKeys: ["model", "start_rate", "stages", "max_in_flight"])
            let start =
                try load["start_rate"].map { node throws(ConfigError) in try node.rate(allowZero: true) } ?? 0
            let stages = try stages(load.required("stages"), integral: false)
            let peak = (stages.map(\.target) + [start]).max() ?? 0
            return RampingRateModel(
                startRate: start,
                stages: stages,
                maxInFlight: try load["max_in_flight"].map { node throws(ConfigError) in try positiveInt(node) }
                    ?? defaultMaxInFlight(rate: peak)
            )
        default:
            let hint = ConfigSuggestion.nearest(to: model, in: models)
            throw modelNode.error(
                "unknown load model '\(model)'; "
                    + (hint.map { "did you mean '\($0)'?" } ?? "use one of: \(models.joined(separator: ", "))")
            )
        }
    }

    /// Without `max_in_flight`, allow one second's worth of arrivals in flight (at least 10, at most 10,000).
    static func defaultMaxInFlight(rate: Double) -> Int { Int(min(10_000, max(10, rate.rounded(.up)))) }

    static func positiveInt(_ node: ConfigNode) throws(ConfigError) -> Int {
        let value = try node.int()
        guard value >= 1 else { throw node.error("must be at least 1, found \(value)") }
        return value
    }

    static func nonNegativeInt(_ node: ConfigNode) throws(ConfigError) -> Int {
        let value = try node.int()
        guard value >= 0 else { throw node.error("must not be negative, found \(value)") }
        return value
    }

    static func positiveNumber(_ node: ConfigNode) throws(ConfigError) -> Double {
        let value = try node.double()
        guard value > 0 else { throw node.error("must be greater than 0, found \(try node.string())") }
        return value
    }

    static func positiveDuration(_ node: ConfigNode) throws(ConfigError) -> UInt64 {
        if let number = Double(try node.string()), number < 0 {
            throw node.error("must not be negative, found \(number)")
        }
        let value = try node.duration()
        guard value > 0 else { throw node.error("must be longer than zero") }
        return value
    }

    static func stages(_ node: ConfigNode, integral: Bool) throws(ConfigError) -> [Stage] {
        let items = try node.sequence()
        guard !items.isEmpty else { throw node.error("needs at least one stage") }
        var stages: [Stage] = []
        for item in items {
            let stage = try item.mapping(allowedKeys: ["duration", "target"])
            let targetNode = try stage.required("target")
            let target = integral ? Double(try nonNegativeInt(targetNode)) : try targetNode.rate(allowZero: true)
            stages.append(Stage(duration: try positiveDuration(stage.required("duration")), target: target))
        }
        return stages
    }
}
