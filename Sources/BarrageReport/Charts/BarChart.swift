/// A horizontal bar chart drawn as inline SVG: one row per category, one bar per series in each row.
///
/// Used for counts by kind (errors) and for percentiles side by side (phases).
public struct BarChart: Sendable {
    /// One measure shown for every category (for example the p95 of each phase).
    public struct Series: Sendable, Equatable {
        /// The legend's text.
        public var name: String
        /// A CSS colour.
        public var color: String
        /// One value per category.
        public var values: [Double]

        /// Makes a series.
        public init(name: String, color: String, values: [Double]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    /// A short identifier, used as the SVG's `data-chart` attribute.
    public var id: String
    /// What the chart shows.
    public var title: String
    /// The values' unit, such as `ms` or `failures`.
    public var unit: String
    /// The rows' labels.
    public var categories: [String]
    /// The measures.
    public var series: [Series]

    static let width = 960.0
    static let labelWidth = 300.0
    static let barHeight = 14.0

    /// Makes a chart.
    public init(id: String, title: String, unit: String, categories: [String], series: [Series]) {
        self.id = id
        self.title = title
        self.unit = unit
        self.categories = categories
        self.series = series
    }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let rowHeight = Double(series.count) * Self.barHeight + 12
        let top = 34.0
        let height = top + rowHeight * Double(categories.count) + 30
        let largest = series.flatMap(\.values).max() ?? 0
        let ticks = AxisTicks.nice(upper: largest > 0 ? largest : 1)
        let frame = PlotFrame(
            width: Self.width,
            height: height,
            left: Self.labelWidth,
            right: 24,
            top: top,
            bottom: 30,
            xRange: 0...ticks.last!,
            yRange: 0...1
        )
        var svg = SVGDocument(id: id, title: title, width: Self.width, height: height)
        for tick in ticks {
            let x = frame.x(tick)
            svg.line(x1: x, y1: frame.top, x2: x, y2: frame.bottom, className: tick == 0 ? "axis" : "grid")
            svg.text(AxisFormat.number.label(tick), x: x, y: frame.bottom + 16, anchor: "middle")
        }
        svg.text(unit, x: frame.right, y: frame.bottom + 28, anchor: "end", className: "unit")
        var legendX = frame.left
        for measure in series {
            svg.legendEntry(measure.name, color: measure.color, x: legendX, y: 14, dashed: false)
            legendX += 36 + Double(measure.name.count) * 6.6
        }
        for (row, category) in categories.enumerated() {
            let rowTop = top + Double(row) * rowHeight + 6
            let shown = category.count > 46 ? String(category.prefix(45)) + "…" : category
            svg.text(shown, x: frame.left - 8, y: rowTop + rowHeight / 2, anchor: "end", className: "category")
            for (index, measure) in series.enumerated() {
                let value = row < measure.values.count ? measure.values[row] : 0
                svg.rect(
                    x: frame.left,
                    y: rowTop + Double(index) * Self.barHeight,
                    width: max(frame.x(value) - frame.left, value > 0 ? 1 : 0),
                    height: Self.barHeight - 2,
                    color: measure.color,
                    tooltip: "\(category) — \(measure.name): \(CSVNumber.text(value)) \(unit)"
                )
            }
        }
        return svg.text
    }
}
