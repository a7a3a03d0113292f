import BarrageCore
import Foundation

/// The `stress:` section: how the search raises the arrival rate, what "holding" means, and how it measures
/// recovery.
///
/// ```yaml
/// stress:
///   start_rate: 50%        # of the scenarios' own arrival rate (open models), or a rate: 200, 200/s, 6000/m
///   growth: 2              # the rate is multiplied by this after each step that holds, until one breaks
///   precision: 5%          # then it bisects until the last good and first broken rates are this close
///   step: 10s              # how long each rate is held
///   settle: 1s             # the start of each step that is not judged (the target adapting)
///   max_rate: 100000       # a rate, like start_rate
///   max_steps: 40
///   max_duration: 30m
///   max_in_flight: 1000
///   slo: [p95 < 500ms, error_rate < 1%]
///   recovery: {rate: 50%, hold: 3s, timeout: 60s}
/// ```
public struct StressSettings: Sendable {
    /// The first rate, arrivals per second over the stressed scenarios.
    public var startRate: Double
    /// Factor applied after a step holds while no step has broken.
    public var growth: Double
    /// The relative gap between the last good and first broken rates at which the search stops.
    public var precision: Double
    /// How long each rate is held, ns.
    public var step: UInt64
    /// Seconds at the start of each step that are not judged.
    public var settleSeconds: Int
    /// The highest rate tried.
    public var maxRate: Double
    /// The most steps run.
    public var maxSteps: Int
    /// The longest the search runs, ns.
    public var maxDuration: UInt64
    /// Iterations in flight at most, over the stressed scenarios.
    public var maxInFlight: Int
    /// What a step must hold.
    public var objective: ServiceLevelObjective
    /// The rate after a broken step, as a share of the highest good rate so far (or of the broken rate).
    public var recoveryShare: Double
    /// Consecutive seconds the objective must hold for the target to count as recovered.
    public var recoveryHoldSeconds: Int
    /// How long to wait for recovery before giving up, ns.
    public var recoveryTimeout: UInt64

    /// Fields of the section.
    public static let fields = [
        "start_rate", "growth", "precision", "step", "settle", "max_rate", "max_steps", "max_duration",
        "max_in_flight", "slo", "recovery",
    ]

    /// Reads the section for `plan` (whose scenarios' own rates give `start_rate: 50%` its meaning).
    public static func parse(_ node: ConfigNode, plan: Plan) throws(ConfigError) -> StressSettings {
        let section = try node.mapping(allowedKeys: fields)
        let nominal = plan.scenarios.map { LoadShape.nominalLevel(of: $0.load) }
        let allOpen = plan.scenarios.allSatisfy { $0.load is any OpenLoadModel }
        let totalRate = allOpen ? nominal.reduce(0) { $0 + ($1 ?? 0) } : nil
        var startRate = 10.0
        if let startNode = section["start_rate"] {
            startRate = try share(startNode, of: totalRate, what: "the scenarios' own arrival rate")
        } else if let totalRate, totalRate > 0 {
            startRate = totalRate / 2
        }
        guard startRate >= RateController.minimumRate else {
            throw (section["start_rate"] ?? node).error(
                "the search starts at \(startRate)/s; it must be at least \(RateController.minimumRate)/s"
            )
        }
        let growth = try section["growth"].map { node throws(ConfigError) in try node.double() } ?? 2
        guard growth > 1.01 else {
            throw (section["growth"] ?? node).error("growth must be above 1.01, found \(growth)")
        }
        let precision = try section["precision"].map { node throws(ConfigError) in try node.fraction() } ?? 0.05
        guard precision > 0, precision < 1 else {
            throw (section["precision"] ?? node).error("precision must be between 0% and 100%")
        }
        let step = try section["step"].map { node throws(ConfigError) in try node.duration() } ?? 10_000_000_000
        let settle = try section["settle"].map { node throws(ConfigError) in try node.duration() } ?? 1_000_000_000
        let settleSeconds = Int((Double(settle) / 1e9).rounded(.up))
        guard step >= UInt64(settleSeconds + 2) * 1_000_000_000 else {
            throw (section["step"] ?? node).error(
                "a step must be at least 2 s longer than settle (\(settleSeconds)s), so whole seconds are judged"
            )
        }
        let maxRate = try section["max_rate"].map { node throws(ConfigError) in try node.rate() } ?? 100_000
        guard maxRate >= startRate else {
            throw (section["max_rate"] ?? node).error("max_rate (\(maxRate)) is below the start rate (\(startRate))")
        }
        let maxSteps = try section["max_steps"].map { node throws(ConfigError) in try node.int() } ?? 40
        guard maxSteps >= 2 else { throw (section["max_steps"] ?? node).error("max_steps must be at least 2") }
        let maxDuration =
            try section["max_duration"].map { node throws(ConfigError) in try node.duration() } ?? 1_800_000_000_000
        let ownInFlight = plan.scenarios.compactMap { ($0.load as? any OpenLoadModel)?.maxInFlight }.reduce(0, +)
        let maxInFlight =
            try section["max_in_flight"].map { node throws(ConfigError) in try node.int() } ?? max(1000, ownInFlight)
        guard maxInFlight >= plan.scenarios.count else {
            throw (section["max_in_flight"] ?? node).error("max_in_flight must allow one iteration per scenario")
        }
        let sloNode = try section.required("slo")
        let objective = try ServiceLevelObjective.parse(sloNode, plan: plan)

        var recoveryShare = 0.5
        var hold = 3
        var timeout: UInt64 = 60_000_000_000
        if let recoveryNode = section["recovery"] {
            let recovery = try recoveryNode.mapping(allowedKeys: ["rate", "hold", "timeout"])
            if let rate = recovery["rate"] { recoveryShare = try rate.fraction() }
            if let holdNode = recovery["hold"] {
                hold = max(1, Int((Double(try holdNode.duration()) / 1e9).rounded()))
            }
            if let timeoutNode = recovery["timeout"] { timeout = try timeoutNode.duration() }
        }
        return StressSettings(
            startRate: startRate,
            growth: growth,
            precision: precision,
            step: step,
            settleSeconds: settleSeconds,
            maxRate: maxRate,
            maxSteps: maxSteps,
            maxDuration: maxDuration,
            maxInFlight: maxInFlight,
            objective: objective,
            recoveryShare: recoveryShare,
            recoveryHoldSeconds: hold,
            recoveryTimeout: timeout
        )
    }

    /// `50%` (of `whole`) or a rate: `200`, `200/s`, `6000/m`.
    static func share(_ node: ConfigNode, of whole: Double?, what: String) throws(ConfigError) -> Double {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") {
            guard let whole else {
                throw node.error(
                    "a share needs \(what), and a closed-model scenario has none: give arrivals per second"
                )
            }
            return try node.fraction() * whole
        }
        return try node.rate()
    }
}
