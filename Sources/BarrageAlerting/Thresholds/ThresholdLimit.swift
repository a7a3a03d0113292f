/// What a threshold's observed value is compared with.
public enum ThresholdLimit: Sendable, Equatable {
    /// A fixed value in the statistic's unit (ms, ratio, per second, count).
    case value(Double)
    /// The same statistic in the same scope of the `--baseline` result, times a factor (`baseline * 1.1`).
    case baseline(factor: Double)
}
