import BarrageMetrics

/// A step's totals, or the sum of several steps' (with their merged histogram).
struct StepTotals: Sendable {
    var count: UInt64 = 0
    var failures: UInt64 = 0
    var bytesSent: UInt64 = 0
    var bytesReceived: UInt64 = 0
    var histogram = LatencyHistogram()

    init() {}

    init(_ step: StepResult) {
        add(step)
    }

    mutating func add(_ step: StepResult) {
        count += step.count
        failures += step.failures
        bytesSent += step.bytesSent
        bytesReceived += step.bytesReceived
        histogram.merge(step.histogram)
    }
}
