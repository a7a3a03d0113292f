import ArgumentParser
import BarrageReport
import Foundation

/// `barrage compare`: per-step deltas between a baseline and a current result; exit 1 on a regression.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a result with a baseline step by step: rate, p50, p95, p99 and error rate.",
        discussion: """
            Exit 1 when a measure regresses beyond --max-regression (higher latency or error rate, lower rate, \
            relative to the baseline; an error rate rising from zero always counts), 0 otherwise, 2 on bad input.
            """
    )

    @Argument(help: "The baseline: a result.json or results folder.")
    var baseline: String

    @Argument(help: "The current result: a result.json or results folder.")
    var current: String

    @Option(name: .customLong("max-regression"), help: "The largest change that is not a regression, e.g. 10%.")
    var maxRegression: String = "10%"

    func run() async throws {
        let console = RegistryContext.console
        guard let limit = Self.fraction(maxRegression) else {
            throw CommandFailure("--max-regression: expected a percentage such as 10%, found '\(maxRegression)'")
        }
        let comparison: ResultComparison
        do {
            comparison = ResultComparison(
                baseline: try ResultFile(baseline).requireResult(),
                current: try ResultFile(current).requireResult(),
                maxRegression: limit
            )
        } catch {
            throw CommandFailure(error.description)
        }
        for line in comparison.lines { console.line(line) }
        if comparison.hasRegression { throw CommandExit(status: .failed) }
    }

    /// `10%` or `0.1` as 0.1; nil when not a non-negative number.
    static func fraction(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let value = Double(trimmed.dropLast()), value >= 0, value.isFinite else { return nil }
            return value / 100
        }
        guard let value = Double(trimmed), value >= 0, value.isFinite else { return nil }
        return value
    }
}
