/// A line chart drawn as inline SVG: no script, so it renders offline, in print and in any viewer.
///
/// Series with more points than the plot has room for are thinned with `Downsampler.minMax`.
public struct LineChart: Sendable {
    /// A short identifier, used as the SVG's `data-chart` attribute (tests and styles find charts by it).
    public var id: String
    /// What the chart shows, read aloud by screen readers and shown on hover.
    public var title: String
    /// The vertical axis's unit, such as `ms` or `requests/s`.
    public var yUnit: String
    /// How the horizontal axis labels its ticks.
    public var xFormat: AxisFormat
    /// The lines.
    public var series: [ChartSeries]

    /// Width and height in CSS pixels (the SVG scales to its container).
    static let width = 960.0
    static let height = 280.0
    static let margin = (left: 64.0, right: 20.0, top: 42.0, bottom: 30.0)
    /// The most points drawn per series: about one per horizontal pixel.
    static let pointLimit = 880

    /// Makes a chart.
    public init(id: String, title: String, yUnit: String, xFormat: AxisFormat = .clock, series: [ChartSeries]) {
        self.id = id
        self.title = title
        self.yUnit = yUnit
        self.xFormat = xFormat
        self.series = series
    }

    /// Whether any series has a point.
    public var hasData: Bool { series.contains { !$0.points.isEmpty } }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let all = series.flatMap(\.points)
        let xMax = max(all.map(\.x).max() ?? 1, xFormat == .nines ? 1 : 1e-9)
        let xMin = all.map(\.x).min().map { min($0, 0) } ?? 0
        let yTop = all.map(\.y).max() ?? 0
        let yTicks = AxisTicks.nice(upper: yTop > 0 ? yTop : 1)
        let xTicks: [Double]
        switch xFormat {
        case .clock: xTicks = AxisTicks.clock(upper: xMax)
        case .nines: xTicks = (0...Int(xMax.rounded(.up))).map(Double.init)
        case .number: xTicks = AxisTicks.nice(lower: xMin, upper: xMax, target: 6)
        }
        let frame = PlotFrame(
            width: Self.width,
            height: Self.height,
            left: Self.margin.left,
            right: Self.margin.right,
            top: Self.margin.top,
            bottom: Self.margin.bottom,
            xRange: xTicks.first!...max(xTicks.last!, xTicks.first! + 1e-9),
            yRange: 0...max(yTicks.last!, 1e-9)
        )
        var svg = SVGDocument(id: id, title: title, width: Self.width, height: Self.height)
        for tick in yTicks {
            let y = frame.y(tick)
            svg.line(x1: frame.left, y1: y, x2: frame.right, y2: y, className: tick == 0 ? "axis" : "grid")
            svg.text(AxisFormat.number.label(tick), x: frame.left - 6, y: y + 4, anchor: "end")
        }
        for tick in xTicks {
            let x = frame.x(tick)
            svg.line(x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 4, className: "axis")
            svg.text(xFormat.label(tick), x: x, y: frame.bottom + 18, anchor: "middle")
        }
        svg.text(yUnit, x: 4, y: frame.top - 10, anchor: "start", className: "unit")
        var legendX = frame.left
        for line in series {
            svg.legendEntry(line.name, color: line.color, x: legendX, y: 14, dashed: line.dashed)
            legendX += 28 + Double(min(line.name.count, 40)) * 6.6
        }
        for line in series {
            let drawn = Downsampler.minMax(line.points, limit: Self.pointLimit)
            svg.polyline(
                drawn.map { (frame.x($0.x), frame.y($0.y)) },
                color: line.color,
                dashed: line.dashed,
                name: line.name,
                sourceCount: line.points.count
            )
        }
        return svg.text
    }
}
