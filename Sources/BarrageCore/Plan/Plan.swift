import BarrageMetrics

/// A validated plan: scenarios that run at the same time, each a load model plus a flow of steps.
///
/// Built by BarrageConfig from a scenario file (or from `barrage run --url …`); pure values, shared by
/// every worker.
public struct Plan: Sendable {
    /// The plan's name (the scenario file's `name`, or its file name).
    public var name: String
    /// Scenarios, in the order written.
    public var scenarios: [Scenario]

    /// Makes a plan.
    public init(name: String, scenarios: [Scenario]) {
        self.name = name
        self.scenarios = scenarios
    }

    /// The metrics slots of this plan's scenarios and steps.
    public var metricsLayout: MetricsLayout {
        MetricsLayout(
            scenarios: scenarios.map { scenario in
                (
                    scenario.name, scenario.load.summary,
                    scenario.flow.map {
                        MetricsLayout.Step(
                            name: $0.name,
                            protocolName: $0.protocolName,
                            phaseNames: Array($0.definition.phaseNames.prefix(PhaseTimings.capacity))
                        )
                    }
                )
            }
        )
    }

    /// How long the longest scenario starts iterations, nanoseconds.
    public var duration: UInt64 { scenarios.map(\.load.duration).max() ?? 0 }
}

/// One scenario: a load model driving VUs through a flow.
public struct Scenario: Sendable {
    /// The scenario's name, unique in its plan.
    public var name: String
    /// How many VUs or arrivals, and when.
    public var load: any LoadModel
    /// The steps each iteration executes, in order. A failed step ends its iteration.
    public var flow: [Step]
    /// How long in-flight iterations may run on after the load model ends (or after a stop request).
    public var gracefulStop: UInt64
    /// The pause between one iteration and the next of a VU (closed models).
    public var thinkTime: ThinkTime

    /// Makes a scenario.
    public init(
        name: String,
        load: any LoadModel,
        flow: [Step],
        gracefulStop: UInt64 = 5_000_000_000,
        thinkTime: ThinkTime = .none
    ) {
        self.name = name
        self.load = load
        self.flow = flow
        self.gracefulStop = gracefulStop
        self.thinkTime = thinkTime
    }

    /// The distinct protocol names its flow uses, in first-use order: one client session per VU each.
    public var protocolNames: [String] {
        var names: [String] = []
        for step in flow where !names.contains(step.protocolName) { names.append(step.protocolName) }
        return names
    }
}

/// One step of a flow: a protocol's parsed step definition and the name it reports under.
public struct Step: Sendable {
    /// The name reported for it.
    public var name: String
    /// The protocol that executes it.
    public var protocolName: String
    /// What the protocol parsed.
    public var definition: any StepDefinition

    /// Makes a step.
    public init(name: String, protocolName: String, definition: any StepDefinition) {
        self.name = name
        self.protocolName = protocolName
        self.definition = definition
    }
}

/// The pause between iterations of a closed-model VU.
public enum ThinkTime: Sendable, Equatable {
    /// No pause.
    case none
    /// The same pause every time, ns.
    case constant(UInt64)
    /// A pause drawn uniformly between two bounds, ns.
    case uniform(UInt64, UInt64)
    /// Start an iteration every so many ns (pause = period − the iteration's duration, when positive).
    case pacing(UInt64)

    /// The pause after an iteration that took `elapsed` ns.
    public func pause(afterIterationTaking elapsed: UInt64, using generator: inout some RandomNumberGenerator) -> UInt64
    {
        switch self {
        case .none: 0
        case .constant(let value): value
        case .uniform(let low, let high): high > low ? UInt64.random(in: low...high, using: &generator) : low
        case .pacing(let period): period > elapsed ? period - elapsed : 0
        }
    }
}
