import BarrageMetrics

/// Which rows of a result a threshold measures: every field given must match; none given means the whole run.
///
/// `group` matches the row a named group of steps reports as (its name, protocol `group`); it cannot be combined
/// with `step`. Without `group`, group rows are left out: they repeat their steps' samples, so counting them too
/// would count those twice (as the summary's totals do not).
public struct ThresholdScope: Sendable, Equatable, CustomStringConvertible {
    /// A scenario's name.
    public var scenario: String?
    /// A step's name.
    public var step: String?
    /// A protocol's name (`http`, `tcp`, `postgres` …).
    public var protocolName: String?
    /// A group's name.
    public var group: String?

    /// Makes a scope; all nil is the whole run.
    public init(scenario: String? = nil, step: String? = nil, protocolName: String? = nil, group: String? = nil) {
        self.scenario = scenario
        self.step = step
        self.protocolName = protocolName
        self.group = group
    }

    /// Whether the scope is the whole run.
    public var isWholeRun: Bool { scenario == nil && step == nil && protocolName == nil && group == nil }

    /// Whether a scenario named `name` is in scope.
    public func matches(scenario name: String) -> Bool { scenario == nil || scenario == name }

    /// Whether a step or group row is in scope (its scenario must be matched separately).
    public func matches(row name: String, protocolName rowProtocol: String) -> Bool {
        let isGroupRow = rowProtocol == MetricsLayout.groupProtocolName
        if let group { return isGroupRow && group == name }
        return !isGroupRow && (step == nil || step == name) && (protocolName == nil || protocolName == rowProtocol)
    }

    /// `scenario=checkout step=login`, or `all`.
    public var description: String {
        let parts = [("scenario", scenario), ("group", group), ("step", step), ("protocol", protocolName)]
            .compactMap { field, value in value.map { "\(field)=\($0)" } }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }
}
