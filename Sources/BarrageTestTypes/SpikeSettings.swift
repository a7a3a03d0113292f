import BarrageCore
import Foundation

/// The `spike:` section: a steady base load, a sudden jump to `multiplier` times it, and back.
///
/// ```yaml
/// spike:
///   multiplier: 5        # the spike is 5× the base load
///   base: 100%           # the base load: a share of each scenario's users or rate
///   before: 1m           # base load before the spike; its first `warmup` is not measured
///   warmup: 10s
///   ramp: 1s             # how long the jump takes, up and down
///   during: 30s          # the spike at full height
///   after: 2m            # base load after it, in which recovery is measured
///   recovery: {tolerance: 1.5, hold: 3s}   # or {slo: [p95 < 200ms], hold: 3s}
/// ```
public struct SpikeSettings: Sendable {
    /// How many times the base load the spike is.
    public var multiplier: Double
    /// The base load as a level of each scenario's own.
    public var base: LoadShape.Level
    /// Seconds of base load before the spike.
    public var before: Double
    /// Seconds at the start that are not measured.
    public var warmup: Double
    /// Seconds the jump takes, up and down.
    public var ramp: Double
    /// Seconds at full height.
    public var during: Double
    /// Seconds of base load after the spike.
    public var after: Double
    /// What "recovered" means.
    public var recovery: SpikeRecoveryCriterion
    /// Consecutive seconds the criterion must hold.
    public var holdSeconds: Int

    /// Fields of the section.
    public static let fields = ["multiplier", "base", "before", "warmup", "ramp", "during", "after", "recovery"]

    /// Reads the section, checking it against `plan`'s scenarios.
    public static func parse(_ node: ConfigNode, plan: Plan) throws(ConfigError) -> SpikeSettings {
        let section = try node.mapping(allowedKeys: fields)
        func seconds(_ key: String, _ fallback: Double, allowZero: Bool = false) throws(ConfigError) -> Double {
            guard let value = section[key] else { return fallback }
            let seconds = Double(try value.duration()) / 1e9
            guard seconds > 0 || allowZero else { throw value.error("\(key) must be longer than zero") }
            return seconds
        }
        let multiplier = try section["multiplier"].map { node throws(ConfigError) in try node.double() } ?? 5
        guard multiplier > 1 else {
            throw (section["multiplier"] ?? node).error("multiplier must be above 1, found \(multiplier)")
        }
        let before = try seconds("before", 60)
        let warmup = try seconds("warmup", min(10, before / 3), allowZero: true)
        guard before - warmup >= 2 else {
            throw (section["before"] ?? node).error("before must leave at least 2 s after the warmup to measure")
        }
        let ramp = try seconds("ramp", 1)
        let during = try seconds("during", 30)
        guard during >= 2 else { throw (section["during"] ?? node).error("during must be at least 2s") }
        let after = try seconds("after", 120)
        guard after >= 3 else { throw (section["after"] ?? node).error("after must be at least 3s") }
        var criterion = SpikeRecoveryCriterion.relative(tolerance: 1.5)
        var hold = 3
        if let recoveryNode = section["recovery"] {
            let recovery = try recoveryNode.mapping(allowedKeys: ["tolerance", "slo", "hold"])
            if let slo = recovery["slo"] {
                if let tolerance = recovery["tolerance"] {
                    throw tolerance.error("give either a tolerance (relative to before the spike) or an slo, not both")
                }
                criterion = .objective(try ServiceLevelObjective.parse(slo, plan: plan))
            } else if let tolerance = recovery["tolerance"] {
                let value = try tolerance.double()
                guard value >= 1 else { throw tolerance.error("tolerance must be at least 1, found \(value)") }
                criterion = .relative(tolerance: value)
            }
            if let holdNode = recovery["hold"] {
                hold = max(1, Int((Double(try holdNode.duration()) / 1e9).rounded()))
            }
        }
        let base = try section["base"].map { node throws(ConfigError) in try node.loadLevel() } ?? .share(1)
        for scenario in plan.scenarios where LoadShape.nominalLevel(of: scenario.load) == nil {
            throw node.error("scenario '\(scenario.name)': its load (\(scenario.load.summary)) cannot be spiked")
        }
        return SpikeSettings(
            multiplier: multiplier,
            base: base,
            before: before,
            warmup: warmup,
            ramp: ramp,
            during: during,
            after: after,
            recovery: criterion,
            holdSeconds: hold
        )
    }

    /// The load shape every scenario follows: base, a jump, the spike, a drop, base.
    public var shape: LoadShape {
        let spike: LoadShape.Level
        switch base {
        case .share(let share): spike = .share(share * multiplier)
        case .absolute(let value): spike = .absolute(value * multiplier)
        }
        func length(_ seconds: Double) -> LoadShape.Length { .fixed(UInt64(seconds * 1e9)) }
        return LoadShape(
            start: base,
            stages: [
                .init(length: length(before), level: base),
                .init(length: length(ramp), level: spike),
                .init(length: length(during), level: spike),
                .init(length: length(ramp), level: base),
                .init(length: length(after), level: base),
            ]
        )
    }

    /// When the spike is at full height, run seconds.
    var spikeStart: Double { before + ramp }
    /// When the load is back at its base, run seconds.
    var spikeEnd: Double { before + ramp + during + ramp }
}

/// When a spike counts as over.
public enum SpikeRecoveryCriterion: Sendable {
    /// p95 at most `tolerance` × its level before the spike (and at least that level + 5 ms), and an error rate
    /// at most one point above its level before.
    case relative(tolerance: Double)
    /// The objective holds.
    case objective(ServiceLevelObjective)
}
