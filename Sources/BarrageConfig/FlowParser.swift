import BarrageCore

/// Parses one scenario: its load, its flow (or weighted tasks) of steps, groups and pauses, the data it
/// draws and its variables. Problems in separate steps are all reported (`ConfigError.more`).
struct FlowParser {
    let registry: ClientRegistry
    let defaults: StepDefaults

    /// Fields a flow entry that is a step may have besides its protocol.
    static let stepFields = ["name", "extract"]
    /// Fields a task may have.
    static let taskFields = ["name", "weight", "flow"]

    /// The scenario `name` written at `node`.
    func scenario(
        named name: String,
        _ node: ConfigNode,
        feeders: [String: DataFeeder],
        variables: [String: String],
        secrets: inout SecretRedactor,
        defined: inout Set<String>
    ) throws(ConfigError) -> Scenario {
        let fields = try node.mapping(allowedKeys: PlanLoader.scenarioFields)
        var problems: [ConfigError] = []
        var load: (any LoadModel)?
        do { load = try LoadModelParser.parse(fields.required("load")) } catch { problems.append(error) }
        var naming = RowNaming()
        var tasks: [FlowTask] = []
        switch (fields["flow"], fields["tasks"]) {
        case (let flow?, nil):
            tasks = [FlowTask(name: "flow", items: try items(flow, naming: &naming, problems: &problems))]
        case (nil, let tasksNode?):
            let list = try tasksNode.sequence()
            guard !list.isEmpty else { throw tasksNode.error("tasks needs at least one task") }
            for (index, taskNode) in list.enumerated() {
                let task = try taskNode.mapping(allowedKeys: Self.taskFields)
                let weight = try task["weight"]?.int() ?? 1
                guard weight >= 1 else { throw task["weight"]!.error("a weight is a whole number of at least 1") }
                tasks.append(
                    FlowTask(
                        name: try task["name"]?.string() ?? "task \(index + 1)",
                        weight: weight,
                        items: try items(task.required("flow"), naming: &naming, problems: &problems)
                    )
                )
            }
        case (.some, .some):
            throw node.error("a scenario has either flow or tasks, not both")
        case (nil, nil):
            throw node.error("missing required field 'flow' (or 'tasks' for weighted flows)")
        }
        var scenarioVariables = variables
        for (key, value) in try VariablesParser.parse(fields["variables"], secrets: &secrets) {
            scenarioVariables[key] = value
        }
        let used = try dataNames(fields["data"], feeders: feeders)
        // What templates may read, known even when a step failed to parse, so that every problem is reported.
        defined = Set(scenarioVariables.keys).union(naming.extracted)
        for name in used { defined.formUnion(feeders[name]!.variableNames) }
        let thinkTimeNode = fields["think_time"] ?? defaults.thinkTime
        let thinkTime = try thinkTimeNode.map { node throws(ConfigError) in try Self.thinkTime(node) } ?? .none
        let gracefulStop = try (fields["graceful_stop"] ?? defaults.gracefulStop)?.duration() ?? 5_000_000_000
        if let combined = ConfigError.combining(problems) { throw combined }
        guard let load else { preconditionFailure("a load problem is in problems") }
        return Scenario(
            name: secrets.redact(name),
            load: load,
            tasks: tasks,
            gracefulStop: gracefulStop,
            thinkTime: thinkTime,
            variables: scenarioVariables,
            feeders: used.map { feeders[$0]! }
        )
    }

    /// The entries of a flow list.
    func items(
        _ node: ConfigNode,
        naming: inout RowNaming,
        problems: inout [ConfigError]
    ) throws(ConfigError)
        -> [FlowItem]
    {
        let list = try node.sequence()
        guard !list.isEmpty else { throw node.error("a flow needs at least one step") }
        var items: [FlowItem] = []
        for item in list {
            do {
                items.append(try self.item(item, naming: &naming, problems: &problems))
            } catch {
                problems.append(error)
            }
        }
        return items
    }

    func item(
        _ node: ConfigNode,
        naming: inout RowNaming,
        problems: inout [ConfigError]
    ) throws(ConfigError)
        -> FlowItem
    {
        if node.keys.contains("group") {
            let fields = try node.mapping(allowedKeys: ["group", "flow"])
            let nameNode = try fields.required("group")
            let name = try nameNode.string()
            try naming.claim(name, at: nameNode)
            return .group(name: name, items: try items(fields.required("flow"), naming: &naming, problems: &problems))
        }
        if node.keys.contains("pause") {
            let fields = try node.mapping(allowedKeys: ["pause"])
            let pause = try Self.thinkTime(fields.required("pause"))
            if case .pacing = pause { throw node.error("pacing belongs to a scenario's think_time, not to a pause") }
            return .pause(pause)
        }
        return .step(try step(node, naming: &naming))
    }

    func step(_ node: ConfigNode, naming: inout RowNaming) throws(ConfigError) -> Step {
        let protocols = registry.protocolNames
        let own = Self.stepFields
        let mapping = try node.mapping(allowedKeys: own + protocols + node.keys.filter { !own.contains($0) })
        let protocolKeys = mapping.keys.filter { !own.contains($0) }
        guard protocolKeys.count == 1, let protocolName = protocolKeys.first else {
            throw node.error(
                protocolKeys.isEmpty
                    ? "a step names one protocol (\(protocols.joined(separator: ", "))), or is a group: or pause:"
                    : "a step names one protocol, found \(protocolKeys.joined(separator: " and "))"
            )
        }
        guard let factory = registry.factory(for: protocolName) else {
            let candidates = protocols + own + ["group", "pause"]
            let hint = ConfigSuggestion.nearest(to: protocolName, in: candidates)
            throw ConfigError(
                location: node.location,
                path: node.path.isEmpty ? protocolName : "\(node.path).\(protocolName)",
                message: "unknown protocol '\(protocolName)'"
                    + (hint.map { "; did you mean '\($0)'?" } ?? "")
                    + " Registered protocols: \(protocols.joined(separator: ", "))"
            )
        }
        var extractions: [Extraction] = []
        if let extract = mapping["extract"] {
            let entries = try extract.mapping(allowedKeys: extract.keys)
            naming.extracted.formUnion(entries.keys)
            for variable in entries.keys {
                extractions.append(try Extraction.parse(variable: variable, try entries.required(variable)))
            }
        }
        let body = defaults.apply(to: try mapping.required(protocolName), protocolName: protocolName)
        let definition = try factory.parseStep(protocolName: protocolName, body)
        let nameNode = mapping["name"]
        let number = naming.countStep()
        let name = try nameNode?.string() ?? "\(protocolName) #\(number)"
        try naming.claim(name, at: nameNode ?? node)
        return Step(name: name, protocolName: protocolName, definition: definition, extractions: extractions)
    }

    private func dataNames(_ node: ConfigNode?, feeders: [String: DataFeeder]) throws(ConfigError) -> [String] {
        guard let node else { return [] }
        let items: [ConfigNode] = if case .sequence(let list) = node.value { list } else { [node] }
        var names: [String] = []
        for item in items {
            let name = try item.string()
            guard feeders[name] != nil else {
                let known = feeders.keys.sorted()
                let hint = ConfigSuggestion.nearest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                throw item.error(
                    "no data named '\(name)'\(hint)"
                        + (known.isEmpty ? " The file has no data:" : " The file has: \(known.joined(separator: ", "))")
                )
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A think time: a duration, `{min, max}`, or `{pacing}`.
    static func thinkTime(_ node: ConfigNode) throws(ConfigError) -> ThinkTime {
        if case .scalar = node.value { return .constant(try node.duration()) }
        let mapping = try node.mapping(allowedKeys: ["min", "max", "pacing"])
        if let pacing = mapping["pacing"] {
            guard mapping["min"] == nil, mapping["max"] == nil else {
                throw node.error("think_time takes either pacing or min and max")
            }
            return .pacing(try pacing.duration())
        }
        let low = try mapping.required("min").duration()
        let high = try mapping.required("max").duration()
        guard high >= low else { throw mapping["max"]!.error("max must not be shorter than min") }
        return .uniform(low, high)
    }
}

/// The row names of one scenario: each step and group reports under its own name.
struct RowNaming {
    /// Every variable an `extract:` of the scenario names, including steps that failed to parse.
    var extracted: Set<String> = []
    private var taken: Set<String> = []
    private var steps = 0

    /// Counts one more step; its number from 1 (an unnamed step reports as `protocol #N`).
    mutating func countStep() -> Int {
        steps += 1
        return steps
    }

    /// Claims `name`; a second step or group of that name is an error at `node`.
    mutating func claim(_ name: String, at node: ConfigNode) throws(ConfigError) {
        guard taken.insert(name).inserted else {
            throw node.error("two steps or groups are named '\(name)'; give each its own name")
        }
    }
}
