import BarrageMetrics

/// A scenario prepared for execution on one worker: its factories resolved and its metrics slots fixed, so
/// a VU looks nothing up by name while it runs.
struct ScenarioRuntime: Sendable {
    let index: Int
    let scenario: Scenario
    let firstStepSlot: Int
    /// One factory per distinct protocol of the flow.
    let factories: [any ClientFactory]
    /// For each step, the index of its factory (and of the VU's session) in `factories`.
    let clientSlots: [Int]
    /// Run start, monotonic ns: the load model's times count from here.
    let origin: UInt64

    init(index: Int, scenario: Scenario, firstStepSlot: Int, registry: ClientRegistry, origin: UInt64) {
        self.index = index
        self.scenario = scenario
        self.firstStepSlot = firstStepSlot
        let names = scenario.protocolNames
        factories = names.map { name in
            guard let factory = registry.factory(for: name) else {
                preconditionFailure("plan uses unregistered protocol '\(name)'; validation should have refused it")
            }
            return factory
        }
        clientSlots = scenario.flow.map { step in names.firstIndex(of: step.protocolName)! }
        self.origin = origin
    }
}
