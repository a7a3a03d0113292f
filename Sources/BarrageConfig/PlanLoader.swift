import BarrageCore
import Foundation

/// Turns a scenario file into a validated `Plan`: load models, flows whose steps the registered protocols
/// parse, think time and graceful stop. Every error names the file, line, column and field.
public struct PlanLoader: Sendable {
    /// Fields a scenario file may have at its top level.
    public static let topLevelFields = ["name", "scenarios"]
    /// Fields a scenario may have.
    public static let scenarioFields = ["load", "flow", "graceful_stop", "think_time"]

    /// The protocols steps may use.
    public let registry: ClientRegistry

    /// A loader for `registry`'s protocols.
    public init(registry: ClientRegistry) {
        self.registry = registry
    }

    /// Loads the file at `path`, keeping only `selectedScenarios` when given, with `overrides` applied.
    public func load(
        path: String,
        selectedScenarios: [String] = [],
        overrides: LoadOverrides = LoadOverrides()
    ) throws(ConfigError) -> Plan {
        let root = try YAMLSource.load(path: path)
        let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try plan(
            from: root,
            fallbackName: fallbackName,
            selectedScenarios: selectedScenarios,
            overrides: overrides
        )
    }

    /// Builds a plan from a parsed document.
    public func plan(
        from root: ConfigNode,
        fallbackName: String,
        selectedScenarios: [String] = [],
        overrides: LoadOverrides = LoadOverrides()
    ) throws(ConfigError) -> Plan {
        let document = try root.mapping(allowedKeys: Self.topLevelFields)
        let name = try document["name"]?.string() ?? fallbackName
        let scenariosNode = try document.required("scenarios")
        guard case .mapping(let entries) = scenariosNode.value, !entries.isEmpty else {
            throw scenariosNode.error("scenarios must be a mapping of scenario names to scenarios, with at least one")
        }
        let known = entries.map(\.key)
        for selected in selectedScenarios where !known.contains(selected) {
            throw ConfigError(
                location: .commandLine,
                path: "--scenario",
                message: "no scenario named '\(selected)'; the file has: \(known.joined(separator: ", "))"
            )
        }
        var scenarios: [Scenario] = []
        for entry in entries where selectedScenarios.isEmpty || selectedScenarios.contains(entry.key) {
            scenarios.append(try scenario(named: entry.key, entry.value, overrides: overrides))
        }
        return Plan(name: name, scenarios: scenarios)
    }

    func scenario(named name: String, _ node: ConfigNode, overrides: LoadOverrides) throws(ConfigError) -> Scenario {
        let fields = try node.mapping(allowedKeys: Self.scenarioFields)
        var load = try LoadModelParser.parse(fields.required("load"))
        if !overrides.isEmpty { load = try load.applying(overrides) }
        let flowNode = try fields.required("flow")
        let items = try flowNode.sequence()
        guard !items.isEmpty else { throw flowNode.error("a flow needs at least one step") }
        var flow: [Step] = []
        for (index, item) in items.enumerated() {
            let step = try step(item, index: index)
            if flow.contains(where: { $0.name == step.name }) {
                throw item.error("two steps are named '\(step.name)'; give each step of a flow its own name")
            }
            flow.append(step)
        }
        return Scenario(
            name: name,
            load: load,
            flow: flow,
            gracefulStop: try fields["graceful_stop"]?.duration() ?? 5_000_000_000,
            thinkTime: try fields["think_time"].map { node throws(ConfigError) in try thinkTime(node) } ?? .none
        )
    }

    func step(_ node: ConfigNode, index: Int) throws(ConfigError) -> Step {
        let protocols = registry.protocolNames
        let mapping = try node.mapping(allowedKeys: ["name"] + protocols + unknownProtocolKeys(node, known: protocols))
        let protocolKeys = mapping.keys.filter { $0 != "name" }
        guard protocolKeys.count == 1, let protocolName = protocolKeys.first else {
            throw node.error(
                protocolKeys.isEmpty
                    ? "a step names one protocol (\(protocols.joined(separator: ", ")))"
                    : "a step names one protocol, found \(protocolKeys.joined(separator: " and "))"
            )
        }
        guard let factory = registry.factory(for: protocolName) else {
            let hint = ConfigSuggestion.nearest(to: protocolName, in: protocols)
            throw ConfigError(
                location: node.location,
                path: "\(node.path).\(protocolName)",
                message: "unknown protocol '\(protocolName)'"
                    + (hint.map { "; did you mean '\($0)'?" } ?? "")
                    + " Registered protocols: \(protocols.joined(separator: ", "))"
            )
        }
        let body = try mapping.required(protocolName)
        let definition = try factory.parseStep(protocolName: protocolName, body)
        let name = try mapping["name"]?.string() ?? "\(protocolName) #\(index + 1)"
        return Step(name: name, protocolName: protocolName, definition: definition)
    }

    /// Keys that are neither `name` nor a registered protocol: let them through the mapping check so that
    /// the error can say "unknown protocol" with the registered list, rather than "unknown field".
    private func unknownProtocolKeys(_ node: ConfigNode, known: [String]) -> [String] {
        node.keys.filter { $0 != "name" && !known.contains($0) }
    }

    func thinkTime(_ node: ConfigNode) throws(ConfigError) -> ThinkTime {
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
