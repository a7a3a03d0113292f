import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

@Suite struct ChartTests {
    @Test func downsamplingAnHourKeepsEverySpikeAndStaysUnderTheLimit() {
        var points = (0..<3600).map { ChartPoint(x: Double($0), y: 100 + Double($0 % 3)) }
        points[1234].y = 9_000
        points[2500].y = 0
        let drawn = Downsampler.minMax(points, limit: 880)
        #expect(drawn.count <= 880)
        #expect(drawn.contains { $0.y == 9_000 && $0.x == 1234 })
        #expect(drawn.contains { $0.y == 0 && $0.x == 2500 })
        #expect(drawn.map(\.x) == drawn.map(\.x).sorted())
    }

    @Test func seriesShorterThanTheLimitAreDrawnWhole() {
        let points = (0..<50).map { ChartPoint(x: Double($0), y: Double($0)) }
        #expect(Downsampler.minMax(points, limit: 880) == points)
    }

    @Test func ticksAreRoundNumbersThatCoverTheData() {
        #expect(AxisTicks.nice(upper: 487) == [0, 100, 200, 300, 400, 500])
        #expect(AxisTicks.nice(upper: 0.73) == [0, 0.2, 0.4, 0.6000000000000001, 0.8])
        #expect(AxisTicks.clock(upper: 3599) == stride(from: 0.0, through: 3600, by: 600).map { $0 })
        #expect(AxisTicks.clock(upper: 5) == [0, 1, 2, 3, 4, 5])
    }

    @Test func percentileCurveRisesToTheMaximumAndStopsWhereTheCountCanResolve() {
        var histogram = LatencyHistogram()
        for value in 1...10_000 { histogram.recordMicroseconds(UInt64(value)) }
        let points = PercentileCurve.points(histogram)
        #expect(points.map(\.y) == points.map(\.y).sorted())
        #expect(points.last?.y == Double(histogram.max) / 1000)
        #expect((points.last?.x ?? 0) <= 4.0001)
        #expect(points.first?.x == 0)
        #expect(PercentileCurve.points(LatencyHistogram()).isEmpty)
    }

    @Test func ninesAxisLabelsReadAsPercentiles() {
        #expect(AxisFormat.nines.label(0) == "0%")
        #expect(AxisFormat.nines.label(1) == "90%")
        #expect(AxisFormat.nines.label(3) == "99.9%")
        #expect(AxisFormat.clock.label(3725) == "1:02:05")
    }

    @Test func anHourOfPerSecondDataDrawsAtMostOnePointPerPixelPerSeries() throws {
        let points = (0..<3600).map { ChartPoint(x: Double($0), y: Double.random(in: 0...500)) }
        let chart = LineChart(
            id: "t",
            title: "t",
            yUnit: "x",
            series: [ChartSeries(name: "a", color: "#000", points: points)]
        )
        let svg = chart.svg
        let drawn = try #require(svg.firstMatch(of: /data-points="(\d+)" data-source-points="(\d+)"/))
        #expect(Int(drawn.1)! <= LineChart.pointLimit)
        #expect(Int(drawn.2) == 3600)
    }

    @Test func textInChartsIsEscaped() {
        let chart = LineChart(
            id: "x",
            title: "<b>",
            yUnit: "&",
            series: [ChartSeries(name: "<script>alert(1)</script>", color: "#000", points: [ChartPoint(x: 0, y: 1)])]
        )
        #expect(!chart.svg.contains("<script>"))
        #expect(chart.svg.contains("&lt;script&gt;"))
    }
}
