/// The pause between iterations of a closed-model VU.
public enum ThinkTime: Sendable, Equatable {
    /// No pause.
    case none
    /// The same pause every time, ns.
    case constant(UInt64)
    /// A pause drawn uniformly between two bounds, ns.
    case uniform(UInt64, UInt64)
    /// Start an iteration every so many ns (pause = period − the iteration's duration, when positive).
    case pacing(UInt64)

    /// The pause after an iteration that took `elapsed` ns.
    public func pause(afterIterationTaking elapsed: UInt64, using generator: inout some RandomNumberGenerator) -> UInt64
    {
        switch self {
        case .none: 0
        case .constant(let value): value
        case .uniform(let low, let high): high > low ? UInt64.random(in: low...high, using: &generator) : low
        case .pacing(let period): period > elapsed ? period - elapsed : 0
        }
    }
}
