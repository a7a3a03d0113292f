/// A point in data units.
public struct ChartPoint: Sendable, Equatable {
    /// Horizontal position (seconds since the start, or nines for a percentile curve).
    public var x: Double
    /// Vertical value.
    public var y: Double

    /// Makes a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
