import BarrageMetrics

/// What one alert says: a threshold's change of state, or the end of the run with every verdict.
public struct AlertEvent: Sendable, Equatable {
    /// Which event.
    public var kind: AlertEventKind
    /// The run's id.
    public var runID: String
    /// The plan's name.
    public var plan: String
    /// The threshold concerned (`fail`, `recover`); nil for `end`.
    public var verdict: ThresholdVerdict?
    /// Every verdict (`end`).
    public var verdicts: [ThresholdVerdict]
    /// Seconds into the run.
    public var second: Int
    /// Where the run's report is (or will be) written.
    public var reportPath: String
    /// The run's status at `end` (completed, interrupted, aborted); nil before.
    public var status: String?
    /// Whether the run passed (`end`): by default, every verdict passed and the run completed.
    public var passed: Bool

    /// Makes an event.
    public init(
        kind: AlertEventKind,
        runID: String,
        plan: String,
        verdict: ThresholdVerdict? = nil,
        verdicts: [ThresholdVerdict] = [],
        second: Int,
        reportPath: String,
        status: String? = nil,
        passed: Bool? = nil
    ) {
        self.kind = kind
        self.runID = runID
        self.plan = plan
        self.verdict = verdict
        self.verdicts = verdicts
        self.second = second
        self.reportPath = reportPath
        self.status = status
        self.passed =
            passed ?? (verdicts.allSatisfy { $0.status == .passed } && (status == nil || status == "completed"))
    }

    /// The scenario a verdict's scope names, if it names one.
    public static func scenario(of verdict: ThresholdVerdict) -> String? {
        verdict.scope.split(separator: " ").first { $0.hasPrefix("scenario=") }.map {
            String($0.dropFirst("scenario=".count))
        }
    }

    /// One line for people: `FAIL p95 < 500ms [scenario=checkout]: observed 612ms (run r-1 at 12s)`.
    public var headline: String {
        switch kind {
        case .fail, .recover:
            guard let verdict else { return "" }
            let word = kind == .fail ? "FAIL" : "RECOVERED"
            return "\(word) \(verdict.threshold) [\(verdict.scope)]: observed \(verdict.observedText) — \(plan), "
                + "run \(runID) at \(second)s"
        case .end:
            let failed = verdicts.filter { $0.status != .passed }.count
            let outcome =
                status == "interrupted" ? "INTERRUPTED" : status == "aborted" ? "ABORTED" : passed ? "PASSED" : "FAILED"
            let held = verdicts.isEmpty ? "" : "\(verdicts.count - failed) of \(verdicts.count) thresholds held, "
            return "\(outcome) \(plan): \(held)run \(runID) \(status ?? "ended") after \(second)s"
        }
    }

    /// The lines under the headline: every verdict at `end`, the report's path.
    public var bodyLines: [String] {
        var lines: [String] = []
        for verdict in kind == .end ? verdicts : [verdict].compactMap({ $0 }) {
            lines.append(
                "\(verdict.status.rawValue.uppercased()) \(verdict.threshold) [\(verdict.scope)]: \(verdict.observedText)"
            )
        }
        lines.append("report: \(reportPath)")
        return lines
    }
}
