/// Maps data units to SVG pixels inside a chart's margins.
struct PlotFrame: Sendable {
    var width: Double
    var height: Double
    var left: Double
    var right: Double
    var top: Double
    var bottom: Double
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>

    init(
        width: Double,
        height: Double,
        left: Double,
        right: Double,
        top: Double,
        bottom: Double,
        xRange: ClosedRange<Double>,
        yRange: ClosedRange<Double>
    ) {
        self.width = width
        self.height = height
        self.left = left
        self.right = width - right
        self.top = top
        self.bottom = height - bottom
        self.xRange = xRange
        self.yRange = yRange
    }

    func x(_ value: Double) -> Double {
        left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (right - left)
    }

    func y(_ value: Double) -> Double {
        bottom - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (bottom - top)
    }
}
