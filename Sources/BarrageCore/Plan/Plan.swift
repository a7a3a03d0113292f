import BarrageMetrics

/// A validated plan: scenarios that run at the same time, each a load model plus the tasks its VUs run.
///
/// Built by BarrageConfig from a scenario file (or from `barrage run --url …`); pure values, shared by
/// every worker.
public struct Plan: Sendable {
    /// The plan's name (the scenario file's `name`, or its file name).
    public var name: String
    /// Scenarios, in the order written.
    public var scenarios: [Scenario]
    /// Values to keep out of every output: `secret: true` variables and the values of `${ENV}`.
    public var secrets: SecretRedactor
    /// The file's `thresholds:` as written, for the alerting module to parse (nil when absent).
    public var thresholds: ConfigNode?
    /// The file's `alerts:` as written, for the alerting module to parse (nil when absent).
    public var alerts: ConfigNode?
    /// The test type (`test_type:`, or the name of the preset the file extends), nil for a plain run.
    public var testType: String?
    /// The `stress:` section as written, for the test-types module to parse (nil when absent).
    public var stress: ConfigNode?
    /// The `spike:` section as written, for the test-types module to parse (nil when absent).
    public var spike: ConfigNode?
    /// The file's `endurance:` limits: the run ends with an endurance analysis (nil: no analysis).
    public var endurance: EnduranceLimits?

    /// Makes a plan.
    public init(name: String, scenarios: [Scenario], secrets: SecretRedactor = SecretRedactor()) {
        self.name = name
        self.scenarios = scenarios
        self.secrets = secrets
    }

    /// The metrics slots of this plan's scenarios: one row per step and per group, in the order written.
    public var metricsLayout: MetricsLayout {
        MetricsLayout(scenarios: scenarios.map { ($0.name, $0.load.summary, $0.metricsRows) })
    }

    /// How long the longest scenario starts iterations, nanoseconds.
    public var duration: UInt64 { scenarios.map(\.load.duration).max() ?? 0 }
}

/// One scenario: a load model driving VUs through weighted tasks (or one flow).
public struct Scenario: Sendable {
    /// The scenario's name, unique in its plan.
    public var name: String
    /// How many VUs or arrivals, and when.
    public var load: any LoadModel
    /// What an iteration runs: one task, drawn by weight. A failed step ends its iteration.
    public var tasks: [FlowTask]
    /// How long in-flight iterations may run on after the load model ends (or after a stop request).
    public var gracefulStop: UInt64
    /// The pause between one iteration and the next of a VU (closed models).
    public var thinkTime: ThinkTime
    /// The variables every VU starts with.
    public var variables: [String: String]
    /// Feeders drawn at the start of every iteration (or once per VU, as each feeder says).
    public var feeders: [DataFeeder]

    /// Makes a scenario of weighted tasks.
    public init(
        name: String,
        load: any LoadModel,
        tasks: [FlowTask],
        gracefulStop: UInt64 = 5_000_000_000,
        thinkTime: ThinkTime = .none,
        variables: [String: String] = [:],
        feeders: [DataFeeder] = []
    ) {
        self.name = name
        self.load = load
        self.tasks = tasks
        self.gracefulStop = gracefulStop
        self.thinkTime = thinkTime
        self.variables = variables
        self.feeders = feeders
    }

    /// Makes a scenario whose iterations run `flow`, step after step.
    public init(
        name: String,
        load: any LoadModel,
        flow: [Step],
        gracefulStop: UInt64 = 5_000_000_000,
        thinkTime: ThinkTime = .none
    ) {
        self.init(
            name: name,
            load: load,
            tasks: [FlowTask(name: "flow", items: flow.map(FlowItem.step))],
            gracefulStop: gracefulStop,
            thinkTime: thinkTime
        )
    }

    /// Every step of every task, in the order written.
    public var flow: [Step] { tasks.flatMap { $0.items.flatMap(\.steps) } }

    /// The distinct protocol names its steps use, in first-use order: one client session per VU each.
    public var protocolNames: [String] {
        var names: [String] = []
        for step in flow where !names.contains(step.protocolName) { names.append(step.protocolName) }
        return names
    }

    /// The rows it reports: every step and every group, in the order written (a group before its entries).
    public var metricsRows: [MetricsLayout.Step] {
        var rows: [MetricsLayout.Step] = []
        func visit(_ items: [FlowItem]) {
            for item in items {
                switch item {
                case .step(let step):
                    rows.append(
                        MetricsLayout.Step(
                            name: step.name,
                            protocolName: step.protocolName,
                            phaseNames: Array(step.definition.phaseNames.prefix(PhaseTimings.capacity))
                        )
                    )
                case .group(let name, let children):
                    rows.append(MetricsLayout.Step(name: name, protocolName: MetricsLayout.groupProtocolName))
                    visit(children)
                case .pause: break
                }
            }
        }
        for task in tasks { visit(task.items) }
        return rows
    }
}
