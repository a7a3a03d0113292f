import BarrageMetrics
import Testing

/// The least-squares fit and its 95% slope interval, against values computed independently (SciPy's
/// `linregress` and `t.ppf`).
struct TrendLineTests {
    @Test func fitMatchesAReferenceImplementationOnTwentyPoints() throws {
        let x = (0..<20).map(Double.init)
        let y = [
            2.3, 2.05, 3.0, 2.35, 3.1, 3.25, 3.2, 3.95, 4.4, 3.75, 4.8, 4.65, 5.2, 5.05, 5.5, 5.85, 5.6, 6.75, 6.2,
            6.95,
        ]
        let line = try #require(TrendLine(x: x, y: y))
        #expect(line.points == 20)
        #expect(abs(line.slope - 0.24729323308270681) < 1e-12)
        #expect(abs(line.intercept - 2.045714285714286) < 1e-12)
        #expect(abs(line.slopeStandardError - 0.012287042504042424) < 1e-12)
        #expect(abs(line.slopeLow - 0.22147911467658565) < 1e-6)
        #expect(abs(line.slopeHigh - 0.273107351488828) < 1e-6)
        #expect(line.risesSignificantly && !line.fallsSignificantly)
    }

    @Test func fitMatchesAReferenceImplementationBeyondTheTabulatedDegreesOfFreedom() throws {
        let x: [Double] = (0..<50).map { Double($0) * 2 }
        var y: [Double] = []
        for index in 0..<50 {
            let noise = Double((index * 7919) % 13 - 6) * 0.1
            y.append(10 - 0.05 * x[index] + noise)
        }
        let line = try #require(TrendLine(x: x, y: y))
        #expect(abs(line.slope - -0.04925570228091237) < 1e-12)
        #expect(abs(line.intercept - 9.947529411764705) < 1e-12)
        #expect(abs(line.slopeStandardError - 0.0018583446298411522) < 1e-12)
        #expect(abs(line.slopeLow - -0.052992154585315324) < 1e-6)
        #expect(abs(line.slopeHigh - -0.04551924997650941) < 1e-6)
        #expect(line.fallsSignificantly && !line.risesSignificantly)
    }

    @Test func anExactLineHasAnExactSlopeAndNoUncertainty() throws {
        let x = (0..<10).map(Double.init)
        let line = try #require(TrendLine(x: x, y: x.map { 3 + 0.5 * $0 }))
        #expect(line.slope == 0.5)
        #expect(line.intercept == 3)
        #expect(line.slopeLow == 0.5 && line.slopeHigh == 0.5)
        #expect(line.value(at: 20) == 13)
        #expect(line.mean == 5.25)
    }

    @Test func fewerThanThreePointsOrOneXCannotBeFitted() {
        #expect(TrendLine(x: [1, 2], y: [1, 2]) == nil)
        #expect(TrendLine(x: [4, 4, 4, 4], y: [1, 2, 3, 4]) == nil)
        #expect(TrendLine(x: [], y: []) == nil)
    }

    @Test func aFlatNoisySeriesIsNotSignificant() throws {
        let x = (0..<40).map(Double.init)
        let y = (0..<40).map { index in 5 + (index % 2 == 0 ? 0.3 : -0.3) }
        let line = try #require(TrendLine(x: x, y: y))
        #expect(!line.risesSignificantly && !line.fallsSignificantly)
        #expect(line.slopeLow < 0 && line.slopeHigh > 0)
    }
}
