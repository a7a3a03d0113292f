/// What is measured in a run: its scenarios and their steps, in the order the recorder's slots use.
///
/// The scheduler builds it from the plan; metrics know nothing else of scenarios, so recording a sample is
/// an array index, never a name lookup.
public struct MetricsLayout: Sendable, Equatable {
    /// One measured step.
    public struct Step: Sendable, Equatable {
        /// The step's name as reported.
        public var name: String
        /// The protocol that executed it (`tcp`, `udp`, `http` …).
        public var protocolName: String
        /// Names of the phase slots its samples fill, in slot order.
        public var phaseNames: [String]

        /// Makes a step description.
        public init(name: String, protocolName: String, phaseNames: [String] = []) {
            self.name = name
            self.protocolName = protocolName
            self.phaseNames = phaseNames
        }
    }

    /// One scenario and its steps.
    public struct Scenario: Sendable, Equatable {
        /// The scenario's name.
        public var name: String
        /// A one-line description of its load model, for reports.
        public var loadModel: String
        /// Its steps; their global slot is `firstStepSlot + index`.
        public var steps: [Step]
        /// The slot of its first step in the flattened step list.
        public var firstStepSlot: Int

        /// Makes a scenario description.
        public init(name: String, loadModel: String, steps: [Step], firstStepSlot: Int) {
            self.name = name
            self.loadModel = loadModel
            self.steps = steps
            self.firstStepSlot = firstStepSlot
        }
    }

    /// The scenarios, in plan order.
    public var scenarios: [Scenario]

    /// The protocol name of a group's row: a group measures its entries together, from the first one's start
    /// to the last one's end.
    public static let groupProtocolName = "group"

    /// Lays out scenarios, numbering their steps' slots consecutively.
    public init(scenarios: [(name: String, loadModel: String, steps: [Step])]) {
        var slot = 0
        var laidOut: [Scenario] = []
        for scenario in scenarios {
            laidOut.append(
                Scenario(name: scenario.name, loadModel: scenario.loadModel, steps: scenario.steps, firstStepSlot: slot)
            )
            slot += scenario.steps.count
        }
        self.scenarios = laidOut
    }

    /// Every step of every scenario, in slot order.
    public var allSteps: [Step] { scenarios.flatMap(\.steps) }
    /// How many step slots there are.
    public var stepCount: Int { scenarios.reduce(0) { $0 + $1.steps.count } }
}
