import BarrageMetrics

/// A threshold's change of state during a run.
public struct ThresholdTransition: Sendable, Equatable {
    /// Which change.
    public var kind: AlertEventKind
    /// The threshold.
    public var threshold: Threshold
    /// Its verdict at that moment.
    public var verdict: ThresholdVerdict
    /// The run's second it happened in.
    public var second: Int

    /// Makes a transition.
    public init(kind: AlertEventKind, threshold: Threshold, verdict: ThresholdVerdict, second: Int) {
        self.kind = kind
        self.threshold = threshold
        self.verdict = verdict
        self.second = second
    }
}
