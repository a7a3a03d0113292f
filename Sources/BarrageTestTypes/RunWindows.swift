import BarrageCore
import BarrageMetrics

/// A test type's view of a running run: it waits for whole seconds to be measured and takes what was measured
/// since it last looked, as a `MeasurementWindow` (exact histograms, the same data as the per-second series).
struct RunWindows: Sendable {
    let run: LoadRun
    private let window: MeasurementWindowID

    init(run: LoadRun) {
        self.run = run
        window = run.collector.openWindow()
    }

    /// Seconds since the run's start.
    var now: Double { run.elapsedSeconds }

    /// The run's clock in ns after its start (the time base of load models and rate controllers).
    var nowOffset: UInt64 { UInt64(max(0, run.elapsedSeconds) * 1e9) }

    /// Waits until interval `index` (seconds [index-1, index)) is measured; false when the run stops first or
    /// the task is cancelled.
    func waitFor(interval index: Int) async -> Bool {
        while run.collector.live.interval < index {
            if Task.isCancelled || run.isStopping { return false }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return !Task.isCancelled
    }

    /// What was measured since the last call (or since the windows were opened).
    func take() -> MeasurementWindow { run.collector.takeWindow(window) }

    /// Stops collecting.
    func close() { run.collector.closeWindow(window) }

    /// The first whole interval that starts at or after `second` (run seconds).
    static func firstInterval(startingAtOrAfter second: Double) -> Int { Int(second.rounded(.up)) + 1 }
}
