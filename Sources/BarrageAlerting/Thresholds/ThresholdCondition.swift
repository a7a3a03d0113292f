import BarrageCore
import Foundation

/// A condition as written: `statistic operator limit`, e.g. `p99.9 < 2s`, `error_rate < 1%`,
/// `rate > 100/s`, `dropped_iterations == 0`, `p95 < baseline * 1.1`.
public struct ThresholdCondition: Sendable, Equatable {
    /// What is measured.
    public var statistic: ThresholdStatistic
    /// How it is compared.
    public var comparison: ThresholdComparison
    /// What it is compared with.
    public var limit: ThresholdLimit

    /// Makes a condition.
    public init(statistic: ThresholdStatistic, comparison: ThresholdComparison, limit: ThresholdLimit) {
        self.statistic = statistic
        self.comparison = comparison
        self.limit = limit
    }

    /// Parses the text of `node`; errors point at the column of the offending part.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> ThresholdCondition {
        let text = try node.string()
        var quoted = false
        if case .scalar(_, let isQuoted) = node.value { quoted = isQuoted }
        func error(at offset: Int, _ message: String) -> ConfigError {
            var location = node.location
            // Single-line scalars: point at the part; a quoted one starts one column later.
            if location.line > 0, !text.contains("\n") { location.column += offset + (quoted ? 1 : 0) }
            return ConfigError(location: location, path: node.path, message: message)
        }
        let characters = Array(text)
        let operators = ThresholdComparison.allCases.map(\.rawValue).sorted { $0.count > $1.count }
        var found: (index: Int, comparison: ThresholdComparison)?
        scan: for index in characters.indices where "<>=!".contains(characters[index]) {
            for symbol in operators where String(characters[index...].prefix(symbol.count)) == symbol {
                found = (index, ThresholdComparison(rawValue: symbol)!)
                break scan
            }
        }
        guard let found else {
            throw error(
                at: 0,
                "expected a condition such as 'p95 < 500ms', 'error_rate < 1%' or 'rate > 100/s', found '\(text)'"
            )
        }
        let left = String(characters[..<found.index])
        let statisticText = left.trimmingCharacters(in: .whitespaces)
        let statisticOffset = left.prefix { $0 == " " }.count
        guard !statisticText.isEmpty else { throw error(at: 0, "the condition '\(text)' names no statistic") }
        guard let statistic = ThresholdStatistic(name: statisticText) else {
            var message = "unknown statistic '\(statisticText)'"
            if let nearest = ConfigSuggestion.nearest(to: statisticText, in: ThresholdStatistic.names) {
                message += "; did you mean '\(nearest)'?"
            } else {
                message += "; expected one of: \(ThresholdStatistic.names.joined(separator: ", ")) or pNN"
            }
            throw error(at: statisticOffset, message)
        }
        let rightStart = found.index + found.comparison.rawValue.count
        let right = String(characters[rightStart...])
        let limitText = right.trimmingCharacters(in: .whitespaces)
        let limitOffset = rightStart + right.prefix { $0 == " " }.count
        guard !limitText.isEmpty else { throw error(at: limitOffset, "the condition '\(text)' has no limit") }
        let limit: ThresholdLimit
        do {
            limit = try Self.limit(limitText, unit: statistic.unit, statistic: statistic)
        } catch let message {
            throw error(at: limitOffset, message.text)
        }
        return ThresholdCondition(statistic: statistic, comparison: found.comparison, limit: limit)
    }

    /// A limit problem's message, placed by the caller.
    struct LimitProblem: Error {
        var text: String
    }

    static func limit(
        _ text: String,
        unit: ThresholdUnit,
        statistic: ThresholdStatistic
    ) throws(LimitProblem)
        -> ThresholdLimit
    {
        if text.hasPrefix("baseline") {
            let rest = text.dropFirst("baseline".count).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty { return .baseline(factor: 1) }
            guard rest.hasPrefix("*"),
                let factor = Double(rest.dropFirst().trimmingCharacters(in: .whitespaces)),
                factor.isFinite, factor >= 0
            else {
                throw LimitProblem(
                    text: "expected 'baseline' or 'baseline * FACTOR' (e.g. baseline * 1.1), found '\(text)'"
                )
            }
            return .baseline(factor: factor)
        }
        switch unit {
        case .milliseconds:
            if Double(text) != nil {
                throw LimitProblem(text: "\(statistic) is a latency: give a unit, e.g. '\(text)ms' or '\(text)s'")
            }
            guard let nanoseconds = DurationText.nanoseconds(text) else {
                throw LimitProblem(text: "expected a duration such as 500ms, 2s or 250us, found '\(text)'")
            }
            return .value(Double(nanoseconds) / 1e6)
        case .ratio:
            let value: Double?
            if text.hasSuffix("%") {
                value = Double(text.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
            } else {
                value = Double(text)
            }
            guard let value, value >= 0, value <= 1 else {
                throw LimitProblem(
                    text: "\(statistic) is a ratio: expected a percentage such as 1% or 99.5%, or a fraction "
                        + "between 0 and 1, found '\(text)'"
                )
            }
            return .value(value)
        case .perSecond:
            var number = Substring(text)
            var scale = 1.0
            for (suffix, divisor) in [("/s", 1.0), ("/min", 60.0), ("/m", 60.0), ("/h", 3600.0)]
            where text.hasSuffix(suffix) {
                number = text.dropLast(suffix.count)
                scale = 1 / divisor
                break
            }
            guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value >= 0, value.isFinite else {
                throw LimitProblem(text: "expected a rate such as 100/s or 6000/min, found '\(text)'")
            }
            return .value(value * scale)
        case .count:
            guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value >= 0, value.isFinite else {
                throw LimitProblem(text: "\(statistic) is a count: expected a number, found '\(text)'")
            }
            return .value(value)
        }
    }
}
