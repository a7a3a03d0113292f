/// One line of a chart: a name for the legend, a colour and its points in data units.
public struct ChartSeries: Sendable, Equatable {
    /// The legend's text.
    public var name: String
    /// A CSS colour.
    public var color: String
    /// The points, in increasing x.
    public var points: [ChartPoint]
    /// Whether the line is dashed (to tell a secondary measure apart).
    public var dashed: Bool

    /// Makes a series.
    public init(name: String, color: String, points: [ChartPoint], dashed: Bool = false) {
        self.name = name
        self.color = color
        self.points = points
        self.dashed = dashed
    }
}
