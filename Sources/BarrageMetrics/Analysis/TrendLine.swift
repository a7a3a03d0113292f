/// A straight line fitted to a series by least squares, with the 95% confidence interval of its slope: how fast
/// a measure drifts, and how sure the fit is of it.
///
/// The interval is Student's t with n − 2 degrees of freedom over the slope's standard error. It assumes
/// independent residuals; per-second measures of a load test are somewhat autocorrelated, so the interval is
/// on the narrow side, which is why a verdict also asks the slope to exceed a limit, not only to be non-zero.
public struct TrendLine: Codable, Sendable, Equatable {
    /// How many points were fitted.
    public var points: Int
    /// The slope, in the measure's unit per unit of x.
    public var slope: Double
    /// The value of the line at x = 0.
    public var intercept: Double
    /// The slope's standard error.
    public var slopeStandardError: Double
    /// The lower end of the slope's 95% confidence interval.
    public var slopeLow: Double
    /// The upper end of the slope's 95% confidence interval.
    public var slopeHigh: Double
    /// The mean of the fitted values.
    public var mean: Double

    /// Fits `y = intercept + slope·x`; nil with fewer than 3 points or when every x is the same.
    public init?(x: [Double], y: [Double]) {
        let n = min(x.count, y.count)
        guard n >= 3 else { return nil }
        let count = Double(n)
        var sumX = 0.0
        var sumY = 0.0
        for index in 0..<n {
            sumX += x[index]
            sumY += y[index]
        }
        let meanX = sumX / count
        let meanY = sumY / count
        var sxx = 0.0
        var sxy = 0.0
        for index in 0..<n {
            let dx = x[index] - meanX
            sxx += dx * dx
            sxy += dx * (y[index] - meanY)
        }
        guard sxx > 0, sxx.isFinite, sxy.isFinite else { return nil }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        var residuals = 0.0
        for index in 0..<n {
            let residual = y[index] - (intercept + slope * x[index])
            residuals += residual * residual
        }
        let standardError = (residuals / (count - 2) / sxx).squareRoot()
        let margin = StudentT.quantile975(degreesOfFreedom: n - 2) * standardError
        self.points = n
        self.slope = slope
        self.intercept = intercept
        self.slopeStandardError = standardError
        self.slopeLow = slope - margin
        self.slopeHigh = slope + margin
        self.mean = meanY
    }

    /// The line's value at `x`.
    public func value(at x: Double) -> Double { intercept + slope * x }

    /// Whether the slope is above zero with 95% confidence.
    public var risesSignificantly: Bool { slopeLow > 0 }

    /// Whether the slope is below zero with 95% confidence.
    public var fallsSignificantly: Bool { slopeHigh < 0 }
}
