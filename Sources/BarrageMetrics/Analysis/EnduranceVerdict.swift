/// What an endurance analysis concludes about one signal, or about the whole run.
public enum EnduranceVerdict: String, Codable, Sendable, Comparable {
    /// No change beyond its limit (a flat trend, or one the fit cannot tell from zero).
    case stable
    /// Too few points after the warm-up, or a run too short, to say.
    case inconclusive
    /// A latency, error rate, CPU or throughput that keeps changing beyond its limit.
    case drift
    /// Memory or connections that keep growing beyond their limit.
    case leak

    /// Worse verdicts sort later: stable, inconclusive, drift, leak.
    public static func < (lhs: EnduranceVerdict, rhs: EnduranceVerdict) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .stable: 0
        case .inconclusive: 1
        case .drift: 2
        case .leak: 3
        }
    }
}
