import BarrageMetrics

/// The endurance analyses of a baseline and a current result side by side: each signal's slope per hour and
/// verdict in both. A signal that drifts or leaks now and did not in the baseline is a regression.
public struct EnduranceComparison: Sendable, Equatable {
    /// One signal (matched by name and scope) in both results, or in the current one only.
    public struct Signal: Sendable, Equatable {
        /// The signal's name, e.g. `p95`.
        public var name: String
        /// Its scope, e.g. `checkout / login`.
        public var scope: String
        /// Its unit.
        public var unit: String
        /// The baseline's slope per hour; nil when the baseline did not have it or could not fit it.
        public var baselineSlope: Double?
        /// The current slope per hour.
        public var currentSlope: Double?
        /// The baseline's verdict; nil when the baseline did not have the signal.
        public var baselineVerdict: EnduranceVerdict?
        /// The current verdict.
        public var currentVerdict: EnduranceVerdict

        /// Whether the signal drifts or leaks now and did not in the baseline.
        public var regressed: Bool {
            currentVerdict >= .drift && (baselineVerdict.map { $0 < .drift } ?? true)
        }
    }

    /// The baseline's overall verdict; nil when it had no endurance analysis.
    public var baselineVerdict: EnduranceVerdict?
    /// The current overall verdict.
    public var currentVerdict: EnduranceVerdict
    /// Every signal of the current analysis.
    public var signals: [Signal]

    /// Compares the analyses; nil when the current result has none.
    public init?(baseline: RunResult, current: RunResult) {
        guard let now = current.endurance else { return nil }
        let before = baseline.endurance
        baselineVerdict = before?.verdict
        currentVerdict = now.verdict
        let previous = before?.signals ?? []
        let matches = matchSeries(
            now.signals,
            to: previous,
            exact: { [$0.name, $0.scope] },
            loose: { $0.kind == .latency ? nil : "\($0.kind) \($0.name)" }
        )
        signals = zip(now.signals, matches).map { signal, match in
            let old = match.map { previous[$0] }
            return Signal(
                name: signal.name,
                scope: signal.scope,
                unit: signal.unit,
                baselineSlope: old?.slopePerHour,
                currentSlope: signal.slopePerHour,
                baselineVerdict: old?.verdict,
                currentVerdict: signal.verdict
            )
        }
    }

    /// Whether any signal regressed.
    public var hasRegression: Bool { signals.contains(where: \.regressed) }
}
