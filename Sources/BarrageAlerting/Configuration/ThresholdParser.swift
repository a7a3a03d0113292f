import BarrageCore
import Foundation

/// Reads the `thresholds:` list: each item a condition string, or a mapping with `condition`, `scope`,
/// `abort_on_fail` and `delay`.
enum ThresholdParser {
    static let itemFields = ["condition", "scope", "abort_on_fail", "delay"]
    static let scopeFields = ["scenario", "step", "protocol", "group"]

    static func thresholds(_ node: ConfigNode) throws(ConfigError) -> [Threshold] {
        guard case .sequence(let items) = node.value else {
            throw node.error(
                "expected a list of thresholds, e.g. '- p95 < 500ms' or '- {condition: error_rate < 1%, "
                    + "scope: {scenario: checkout}}', found \(node.kindDescription)"
            )
        }
        var thresholds: [Threshold] = []
        for item in items { thresholds.append(try threshold(item)) }
        return thresholds
    }

    static func threshold(_ node: ConfigNode) throws(ConfigError) -> Threshold {
        if case .scalar = node.value {
            let condition = try ThresholdCondition.parse(node)
            return Threshold(
                expression: try node.string().trimmingCharacters(in: .whitespaces),
                statistic: condition.statistic,
                comparison: condition.comparison,
                limit: condition.limit,
                location: node.location,
                path: node.path
            )
        }
        let fields = try node.mapping(allowedKeys: itemFields)
        let conditionNode = try fields.required("condition")
        let condition = try ThresholdCondition.parse(conditionNode)
        var scope = ThresholdScope()
        if let scopeNode = fields["scope"] {
            let scopeFields = try scopeNode.mapping(allowedKeys: Self.scopeFields)
            scope = ThresholdScope(
                scenario: try scopeFields["scenario"]?.string(),
                step: try scopeFields["step"]?.string(),
                protocolName: try scopeFields["protocol"]?.string(),
                group: try scopeFields["group"]?.string()
            )
            if scope.step != nil, let group = scopeFields["group"] {
                throw group.error("give either a step or a group, not both: a group reports as its own row")
            }
            if condition.statistic.isScenarioLevel {
                for key in ["step", "protocol", "group"] {
                    if let field = scopeFields[key] {
                        throw field.error(
                            "\(condition.statistic) is counted per scenario; scope it with 'scenario' only"
                        )
                    }
                }
            }
        }
        let delay = try fields["delay"]?.duration() ?? 0
        return Threshold(
            expression: try conditionNode.string().trimmingCharacters(in: .whitespaces),
            statistic: condition.statistic,
            comparison: condition.comparison,
            limit: condition.limit,
            scope: scope,
            abortOnFail: try fields["abort_on_fail"]?.bool() ?? false,
            delay: delay,
            location: node.location,
            path: node.path
        )
    }
}
