/// The largest change per hour an endurance signal may show before it counts as drift or a leak: a share of
/// its starting level (`10%`) or an amount in its unit (`50ms`, `64MiB`).
public struct TrendLimit: Codable, Sendable, Equatable {
    /// The amount per hour: a percentage when `relative`, otherwise in the signal's unit.
    public var perHour: Double
    /// Whether `perHour` is a percentage of the signal's starting level.
    public var relative: Bool

    /// Makes a limit of `perHour` (a percentage when `relative`).
    public init(perHour: Double, relative: Bool) {
        self.perHour = perHour
        self.relative = relative
    }

    /// A limit of `percent` % of the starting level per hour.
    public static func percent(_ percent: Double) -> TrendLimit { TrendLimit(perHour: percent, relative: true) }

    /// The limit in the signal's unit per hour for a signal that starts at `level`.
    public func absolutePerHour(level: Double) -> Double { relative ? perHour / 100 * max(0, level) : perHour }
}
