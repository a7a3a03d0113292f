import BarrageMetrics
import Synchronization

/// A scenario prepared for execution on one worker: its factories resolved, its tasks compiled into flat
/// instruction lists and its metrics slots fixed, so a VU looks nothing up by name while it runs.
struct ScenarioRuntime: Sendable {
    /// What executing one step needs, resolved once: binding it in the iteration loop is one retain, where a
    /// `Step` value would retain its names, its definition and its extractions on every execution.
    final class CompiledStep: Sendable {
        /// The protocol's parsed step.
        let definition: any StepDefinition
        /// What to extract after it succeeds.
        let extractions: [Extraction]
        /// Its index among the scenario's steps (`StepContext.stepIndex`).
        let index: Int
        /// Its metrics slot in the run's layout.
        let slot: Int
        /// Its client session's slot in the VU.
        let clientSlot: Int

        init(_ step: Step, index: Int, slot: Int, clientSlot: Int) {
            definition = step.definition
            extractions = step.extractions
            self.index = index
            self.slot = slot
            self.clientSlot = clientSlot
        }
    }

    /// One thing an iteration does.
    enum Instruction: Sendable {
        /// Execute a step.
        case step(CompiledStep)
        /// A group begins; its row.
        case enterGroup(row: Int)
        /// The innermost open group ends.
        case leaveGroup
        /// Pause.
        case pause(ThinkTime)
    }

    /// Set when a `stop`-on-exhaustion feeder ran dry: no further iteration of the scenario starts.
    final class Exhaustion: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set() { flag.store(true, ordering: .relaxed) }
    }

    let index: Int
    let scenario: Scenario
    let firstStepSlot: Int
    /// One factory per distinct protocol of the scenario.
    let factories: [any ClientFactory]
    /// Each task's instructions.
    let programs: [[Instruction]]
    /// Running sums of the tasks' weights, for drawing a task.
    let cumulativeWeights: [Int]
    /// Run start, monotonic ns: the load model's times count from here.
    let origin: UInt64
    /// Whether its feeders ran out.
    let exhaustion = Exhaustion()

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
        var row = 0
        var stepIndex = 0
        func compile(_ items: [FlowItem], into program: inout [Instruction]) {
            for item in items {
                switch item {
                case .step(let step):
                    program.append(
                        .step(
                            CompiledStep(
                                step,
                                index: stepIndex,
                                slot: firstStepSlot + row,
                                clientSlot: names.firstIndex(of: step.protocolName)!
                            )
                        )
                    )
                    stepIndex += 1
                    row += 1
                case .group(_, let children):
                    program.append(.enterGroup(row: row))
                    row += 1
                    compile(children, into: &program)
                    program.append(.leaveGroup)
                case .pause(let pause):
                    program.append(.pause(pause))
                }
            }
        }
        var programs: [[Instruction]] = []
        for task in scenario.tasks {
            var program: [Instruction] = []
            compile(task.items, into: &program)
            programs.append(program)
        }
        self.programs = programs
        var sum = 0
        cumulativeWeights = scenario.tasks.map { task in
            sum += max(1, task.weight)
            return sum
        }
        self.origin = origin
    }

    /// The task an iteration runs, drawn by weight.
    func drawTask(using random: inout SplitMix64) -> Int {
        guard cumulativeWeights.count > 1, let total = cumulativeWeights.last else { return 0 }
        let draw = Int.random(in: 0..<total, using: &random)
        return cumulativeWeights.firstIndex { draw < $0 } ?? 0
    }
}
