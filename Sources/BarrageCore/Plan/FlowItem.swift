/// One entry of a flow: a step, a named group of entries that reports as its own row, or a pause.
public indirect enum FlowItem: Sendable {
    /// A protocol step.
    case step(Step)
    /// Entries that report together: the group's row measures from its first entry's start to its last
    /// entry's end, and fails when one of them fails.
    case group(name: String, items: [FlowItem])
    /// A pause inside the flow (`pause: 1s`), on the VU's timer.
    case pause(ThinkTime)

    /// The steps in it, in order, groups opened.
    public var steps: [Step] {
        switch self {
        case .step(let step): [step]
        case .group(_, let items): items.flatMap(\.steps)
        case .pause: []
        }
    }
}

/// One of a scenario's weighted tasks: each iteration runs one task, chosen with probability weight / total.
/// A scenario written with `flow:` has one task of weight 1.
public struct FlowTask: Sendable {
    /// The task's name (for messages; its steps report under their own names).
    public var name: String
    /// Its relative weight, at least 1.
    public var weight: Int
    /// Its entries, in order.
    public var items: [FlowItem]

    /// Makes a task.
    public init(name: String, weight: Int = 1, items: [FlowItem]) {
        self.name = name
        self.weight = weight
        self.items = items
    }
}
