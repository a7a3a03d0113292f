import BarrageCore
import BarrageMetrics
import Foundation

/// Turns a scenario file into a validated `Plan`: targets and environments, defaults, variables, data
/// feeders, load models, and flows (or weighted tasks) whose steps the registered protocols parse.
///
/// Every problem names the file, line, column and field; the loader goes on after a problem in one scenario
/// or step so that `barrage validate` lists them all (`ConfigError.more`).
public struct PlanLoader: Sendable {
    /// Fields a scenario file may have at its top level.
    public static let topLevelFields = [
        "name", "description", "defaults", "targets", "environments", "variables", "data", "scenarios", "thresholds",
        "alerts", "extends", "test_type", "shape", "stress", "spike", "endurance",
    ]
    /// Fields a scenario may have.
    public static let scenarioFields = ["load", "flow", "tasks", "graceful_stop", "think_time", "data", "variables"]
    /// Fields an environment may override.
    public static let environmentFields = ["targets", "variables", "defaults"]

    /// The protocols steps may use.
    public let registry: ClientRegistry
    /// Where presets named by `extends:` and `profile` are found.
    public var presets: PresetResolver
    /// A preset applied on top of what the file extends (`--profile`).
    public var profile: String?

    /// A loader for `registry`'s protocols.
    public init(registry: ClientRegistry, presets: PresetResolver = .standard(), profile: String? = nil) {
        self.registry = registry
        self.presets = presets
        self.profile = profile
    }

    /// Loads the file at `path`, keeping only `selectedScenarios` when given, with the environment named
    /// `environment` (`--env`) applied and then `overrides`.
    public func load(
        path: String,
        selectedScenarios: [String] = [],
        overrides: LoadOverrides = LoadOverrides(),
        environment: String? = nil
    ) throws(ConfigError) -> Plan {
        let usage = TemplateUsage()
        let result: Result<Plan, ConfigError> = TemplateUsage.$current.withValue(usage) {
            do throws(ConfigError) {
                let root = try YAMLSource.load(path: path)
                let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                return .success(
                    try plan(
                        from: root,
                        fallbackName: fallbackName,
                        directory: (path as NSString).deletingLastPathComponent,
                        selectedScenarios: selectedScenarios,
                        overrides: overrides,
                        environment: environment
                    )
                )
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Builds a plan from a parsed document; data files are read relative to `directory`.
    public func plan(
        from root: ConfigNode,
        fallbackName: String,
        directory: String = ".",
        selectedScenarios: [String] = [],
        overrides: LoadOverrides = LoadOverrides(),
        environment: String? = nil
    ) throws(ConfigError) -> Plan {
        let usage = TemplateUsage.current ?? TemplateUsage()
        let result: Result<Plan, ConfigError> = TemplateUsage.$current.withValue(usage) {
            do throws(ConfigError) {
                return .success(
                    try buildPlan(
                        root,
                        fallbackName: fallbackName,
                        directory: directory,
                        selectedScenarios: selectedScenarios,
                        overrides: overrides,
                        environment: environment,
                        usage: usage
                    )
                )
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func buildPlan(
        _ root: ConfigNode,
        fallbackName: String,
        directory: String,
        selectedScenarios: [String],
        overrides: LoadOverrides,
        environment: String?,
        usage: TemplateUsage
    ) throws(ConfigError) -> Plan {
        let root = try presets.resolve(root, directory: directory, profile: profile)
        let document = try root.mapping(allowedKeys: Self.topLevelFields)
        let name = try document["name"]?.string() ?? fallbackName
        _ = try document["description"]?.string()
        let chosen = try EnvironmentOverrides.choose(environment, in: document["environments"])
        var problems: [ConfigError] = []
        var secrets = SecretRedactor()

        let targets = try chosen.targets(base: document["targets"])
        var variables: [String: String] = [:]
        do {
            variables = try VariablesParser.parse(document["variables"], secrets: &secrets)
            for (key, value) in try VariablesParser.parse(chosen.node("variables"), secrets: &secrets) {
                variables[key] = value
            }
        } catch { problems.append(error) }
        var endurance: EnduranceLimits?
        do {
            // `endurance:` with nothing under it asks for the analysis with every default, as `endurance: {}`.
            if let section = document["endurance"] {
                endurance = try EnduranceParser.parse(section)
            } else if document.keys.contains("endurance") {
                endurance = EnduranceLimits()
            }
        } catch { problems.append(error) }
        var feeders: [String: DataFeeder] = [:]
        do {
            if let data = document["data"] { feeders = try FeederParser.parse(data, directory: directory) }
        } catch { problems.append(error) }
        let substituteTargets = { (node: ConfigNode?) throws(ConfigError) -> ConfigNode? in
            try node?.rewritingScalars { text, node throws(ConfigError) in
                try TargetSubstitution.apply(to: text, targets: targets, node: node)
            }
        }
        let defaults = try StepDefaults.parse(
            base: substituteTargets(document["defaults"]),
            override: substituteTargets(chosen.node("defaults")),
            protocols: registry.protocolNames
        )

        let scenariosNode = try document.required("scenarios")
        guard case .mapping(let entries) = scenariosNode.value, !entries.isEmpty else {
            throw scenariosNode.error("scenarios must be a mapping of scenario names to scenarios, with at least one")
        }
        let known = entries.map(\.key)
        for selected in selectedScenarios where !known.contains(selected) {
            let hint = ConfigSuggestion.nearest(to: selected, in: known).map { "did you mean '\($0)'? " } ?? ""
            throw ConfigError(
                location: .commandLine,
                path: "--scenario",
                message: "no scenario named '\(selected)'; \(hint)the file has: \(known.joined(separator: ", "))"
            )
        }
        let shape = try document["shape"].map { node throws(ConfigError) in try LoadShapeParser.parse(node) }
        var scenarios: [Scenario] = []
        var definedByScenario: [String: Set<String>] = [:]
        let parser = FlowParser(registry: registry, defaults: defaults)
        for entry in entries where selectedScenarios.isEmpty || selectedScenarios.contains(entry.key) {
            do throws(ConfigError) {
                let node = try entry.value.rewritingScalars { text, node throws(ConfigError) in
                    try TargetSubstitution.apply(to: text, targets: targets, node: node)
                }
                var defined = Set(variables.keys)
                defer { definedByScenario[entry.key] = defined }
                var scenario = try parser.scenario(
                    named: entry.key,
                    node,
                    feeders: feeders,
                    variables: variables,
                    secrets: &secrets,
                    defined: &defined
                )
                if !overrides.isEmpty { scenario.load = try scenario.load.applying(overrides) }
                if let shape, let shapeNode = document["shape"] {
                    guard let reshaped = shape.applied(to: scenario.load, durationGiven: overrides.duration != nil)
                    else {
                        throw shapeNode.error(
                            "scenario '\(entry.key)': its load (\(scenario.load.summary)) takes no shape"
                        )
                    }
                    scenario.load = reshaped
                }
                scenarios.append(scenario)
            } catch {
                problems.append(error)
            }
        }
        problems += VariableReferenceCheck.problems(in: usage, defined: definedByScenario)
        if let combined = ConfigError.combining(problems) { throw combined }

        for secret in usage.secrets { secrets.add(secret) }
        let redactor = secrets
        scenarios = scenarios.map { $0.redactingNames(with: redactor) }
        var plan = Plan(name: secrets.redact(name), scenarios: scenarios, secrets: secrets)
        plan.thresholds = document["thresholds"]
        plan.alerts = document["alerts"]
        plan.testType = try document["test_type"]?.string()
        plan.stress = document["stress"]
        plan.spike = document["spike"]
        plan.endurance = endurance
        return plan
    }
}
