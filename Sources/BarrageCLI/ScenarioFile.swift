import BarrageAlerting
import BarrageConfig
import BarrageCore
import Foundation

/// A scenario file as `run`, `validate` and `merge --check` read it: the plan (the scenario loader's part) and
/// its `thresholds:` and `alerts:` (the alerting module's part), from one parse of the YAML.
struct ScenarioFile {
    /// The plan.
    var plan: Plan
    /// Its thresholds and alert channels.
    var alerting: AlertingConfiguration

    /// Loads `path`: the alerting module reads `thresholds`/`alerts` from the root node, the scenario loader the
    /// rest; thresholds scoped to scenarios left out by `--scenario` are dropped.
    static func load(
        path: String,
        registry: ClientRegistry,
        selectedScenarios: [String] = [],
        overrides: LoadOverrides = LoadOverrides()
    ) throws(ConfigError) -> ScenarioFile {
        let root = try YAMLSource.load(path: path)
        var alerting = try AlertingConfiguration.parse(document: root)
        let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let plan = try PlanLoader(registry: registry).plan(
            from: withoutAlertingKeys(root),
            fallbackName: fallbackName,
            selectedScenarios: selectedScenarios,
            overrides: overrides
        )
        if !selectedScenarios.isEmpty {
            // A scenario that exists but was not selected is not a typo: its thresholds simply do not apply.
            let declared = root.keys.contains("scenarios") ? scenarioNames(root) : []
            alerting.thresholds.removeAll { threshold in
                guard let name = threshold.scope.scenario else { return false }
                return declared.contains(name) && !selectedScenarios.contains(name)
            }
        }
        try alerting.validate(against: plan)
        return ScenarioFile(plan: plan, alerting: alerting)
    }

    /// Reads only the thresholds and alerts of `path` (for `merge --check`).
    static func alerting(path: String) throws(ConfigError) -> AlertingConfiguration {
        try AlertingConfiguration.parse(document: try YAMLSource.load(path: path))
    }

    /// The root without `thresholds` and `alerts`, for a scenario loader that does not know them.
    ///
    /// When the loader accepts `AlertingConfiguration.topLevelFields` itself, this step can go.
    static func withoutAlertingKeys(_ root: ConfigNode) -> ConfigNode {
        guard case .mapping(let entries) = root.value else { return root }
        var stripped = root
        stripped.value = .mapping(entries.filter { !AlertingConfiguration.topLevelFields.contains($0.key) })
        return stripped
    }

    static func scenarioNames(_ root: ConfigNode) -> [String] {
        guard case .mapping(let entries) = root.value,
            let scenarios = entries.first(where: { $0.key == "scenarios" })?.value
        else { return [] }
        return scenarios.keys
    }
}
