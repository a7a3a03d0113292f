/// The unit a statistic is observed and limited in.
public enum ThresholdUnit: String, Sendable, Equatable {
    /// Latency, in milliseconds.
    case milliseconds = "ms"
    /// A fraction between 0 and 1 (written as a percentage or a fraction).
    case ratio
    /// Events per second.
    case perSecond = "per_second"
    /// A plain count.
    case count

    /// `value` in this unit as people read it: `612.4ms`, `1.25%`, `140.2/s`, `3`.
    public func format(_ value: Double) -> String {
        switch self {
        case .milliseconds:
            value >= 1000 ? "\(Self.trim(value / 1000, digits: 3))s" : "\(Self.trim(value, digits: 3))ms"
        case .ratio: "\(Self.trim(value * 100, digits: 3))%"
        case .perSecond: "\(Self.trim(value, digits: 2))/s"
        case .count: "\(Self.trim(value, digits: 2))"
        }
    }

    /// `value` with at most `digits` decimals and no trailing zeros.
    static func trim(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
