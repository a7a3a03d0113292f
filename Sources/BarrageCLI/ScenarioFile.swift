import BarrageAlerting
import BarrageConfig
import BarrageCore
import BarrageTestTypes
import Foundation

/// A scenario file as `run`, `validate` and `merge --check` read it: the plan (the scenario loader's part, with
/// any preset it extends merged in), its `thresholds:` and `alerts:` (the alerting module's part, parsed from
/// the nodes the loader keeps), and its `stress:`/`spike:` test types (which reshape the plan's load).
struct ScenarioFile {
    /// The plan.
    var plan: Plan
    /// Its thresholds and alert channels.
    var alerting: AlertingConfiguration
    /// Its stress search or spike test, if any.
    var testTypes = TestTypeSetup()

    /// Loads `path`; thresholds scoped to scenarios left out by `--scenario` are dropped.
    static func load(
        path: String,
        registry: ClientRegistry,
        selectedScenarios: [String] = [],
        overrides: LoadOverrides = LoadOverrides(),
        environment: String? = nil,
        profile: String? = nil,
        segmented: Bool = false
    ) throws(ConfigError) -> ScenarioFile {
        var plan = try PlanLoader(registry: registry, profile: profile).load(
            path: path,
            selectedScenarios: selectedScenarios,
            overrides: overrides,
            environment: environment
        )
        var alerting = try AlertingConfiguration.parse(thresholds: plan.thresholds, alerts: plan.alerts)
        if !selectedScenarios.isEmpty {
            // A scenario that exists but was not selected is not a typo: its thresholds simply do not apply.
            let declared = scenarioNames(try YAMLSource.load(path: path))
            alerting.thresholds.removeAll { threshold in
                guard let name = threshold.scope.scenario else { return false }
                return declared.contains(name) && !selectedScenarios.contains(name)
            }
        }
        try alerting.validate(against: plan)
        let testTypes = try TestTypeSetup.prepare(&plan, segmented: segmented)
        return ScenarioFile(plan: plan, alerting: alerting, testTypes: testTypes)
    }

    /// Reads only the thresholds and alerts of `path` (for `merge --check`), with those of the presets it extends,
    /// as `run` judges them.
    static func alerting(path: String) throws(ConfigError) -> AlertingConfiguration {
        let directory = (path as NSString).deletingLastPathComponent
        let root = try PresetResolver.standard().resolve(try YAMLSource.load(path: path), directory: directory)
        return try AlertingConfiguration.parse(document: root)
    }

    static func scenarioNames(_ root: ConfigNode) -> [String] {
        guard case .mapping(let entries) = root.value,
            let scenarios = entries.first(where: { $0.key == "scenarios" })?.value
        else { return [] }
        return scenarios.keys
    }
}
