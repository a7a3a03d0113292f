import BarrageCore
import BarrageMetrics

/// A scenario file's `thresholds:` and `alerts:`: what the run is judged by and who is told.
///
/// The scenario loader reads the rest of the file; it hands the document's root node to `parse(document:)`,
/// which reads only these two keys (see docs/thresholds.md).
public struct AlertingConfiguration: Sendable {
    /// The top-level keys this module reads; the scenario loader accepts them and leaves them to it.
    public static let topLevelFields = ["thresholds", "alerts"]

    /// The thresholds, in declaration order.
    public var thresholds: [Threshold]
    /// The alert channels, as configured.
    public var channels: [AlertChannelConfiguration]

    /// Makes a configuration.
    public init(thresholds: [Threshold] = [], channels: [AlertChannelConfiguration] = []) {
        self.thresholds = thresholds
        self.channels = channels
    }

    /// Whether the file declares no threshold and no channel.
    public var isEmpty: Bool { thresholds.isEmpty && channels.isEmpty }

    /// Whether some threshold compares with a `--baseline` result.
    public var needsBaseline: Bool { thresholds.contains(where: \.needsBaseline) }

    /// Reads `thresholds` and `alerts` from a scenario document's root node (other keys are ignored: they are
    /// the scenario loader's). Errors carry file:line:column and the field path.
    public static func parse(document root: ConfigNode) throws(ConfigError) -> AlertingConfiguration {
        guard case .mapping(let entries) = root.value else { return AlertingConfiguration() }
        return try parse(
            thresholds: entries.first(where: { $0.key == "thresholds" })?.value,
            alerts: entries.first(where: { $0.key == "alerts" })?.value
        )
    }

    /// Reads the `thresholds:` and `alerts:` nodes as the scenario loader keeps them (`Plan.thresholds`,
    /// `Plan.alerts`); nil or null nodes mean none.
    public static func parse(
        thresholds: ConfigNode?,
        alerts: ConfigNode?
    ) throws(ConfigError)
        -> AlertingConfiguration
    {
        var configuration = AlertingConfiguration()
        if let thresholds, !thresholds.isNull {
            configuration.thresholds = try ThresholdParser.thresholds(thresholds)
        }
        if let alerts, !alerts.isNull {
            configuration.channels = try AlertChannelParser.channels(alerts)
        }
        return configuration
    }

    /// Checks that every scope names a scenario, step and protocol the plan has (a typo would otherwise make a
    /// threshold that watches nothing); suggests the nearest name.
    public func validate(against plan: Plan) throws(ConfigError) {
        let scenarios = plan.scenarios
        for threshold in thresholds {
            let scope = threshold.scope
            let path = threshold.path + ".scope"
            func fail(_ field: String, _ name: String, _ known: [String]) -> ConfigError {
                var message = "no \(field) named '\(name)' in the plan"
                if let nearest = ConfigSuggestion.nearest(to: name, in: known) {
                    message += "; did you mean '\(nearest)'?"
                } else if !known.isEmpty {
                    message += "; it has: \(known.joined(separator: ", "))"
                }
                return ConfigError(location: threshold.location, path: "\(path).\(field)", message: message)
            }
            if let name = scope.scenario, !scenarios.contains(where: { $0.name == name }) {
                throw fail("scenario", name, scenarios.map(\.name))
            }
            let inScope = scenarios.filter { scope.matches(scenario: $0.name) }
            let steps = inScope.flatMap(\.flow)
            if let name = scope.step, !steps.contains(where: { $0.name == name }) {
                throw fail("step", name, Array(Set(steps.map(\.name))).sorted())
            }
            if let name = scope.protocolName, !steps.contains(where: { $0.protocolName == name }) {
                throw fail("protocol", name, Array(Set(steps.map(\.protocolName))).sorted())
            }
            let groups = inScope.flatMap(\.metricsRows).filter { $0.protocolName == MetricsLayout.groupProtocolName }
            if let name = scope.group, !groups.contains(where: { $0.name == name }) {
                throw fail("group", name, Array(Set(groups.map(\.name))).sorted())
            }
        }
    }
}
