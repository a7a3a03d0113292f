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

/// The colours charts use, in order: Tableau 10, distinguishable and print-safe.
enum ChartPalette {
    static let colors = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    static func color(_ index: Int) -> String { colors[index % colors.count] }
}
