/// How a threshold compares the observed value with its limit.
public enum ThresholdComparison: String, Sendable, Equatable, CaseIterable {
    /// Strictly less.
    case less = "<"
    /// Less or equal.
    case lessOrEqual = "<="
    /// Strictly greater.
    case greater = ">"
    /// Greater or equal.
    case greaterOrEqual = ">="
    /// Equal.
    case equal = "=="
    /// Not equal.
    case notEqual = "!="

    /// Whether `observed` satisfies the comparison with `limit`.
    public func holds(_ observed: Double, _ limit: Double) -> Bool {
        switch self {
        case .less: observed < limit
        case .lessOrEqual: observed <= limit
        case .greater: observed > limit
        case .greaterOrEqual: observed >= limit
        case .equal: observed == limit
        case .notEqual: observed != limit
        }
    }
}
