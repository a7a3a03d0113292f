import BarrageMetrics
import CLibUV
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Samples a run's monitors once per second on a thread of its own (never a worker's, never the Swift
/// concurrency pool, since monitors may block) and keeps their series.
///
/// Seconds are on the run's clock: the sample taken at `origin + k` s describes second `k − 1` and gets that
/// second's timestamp, as the generator's series do.
final class MonitorSampler: Sendable {
    private let monitors: [any Monitor]
    private let origin: UInt64
    private let startTimeUnixMs: Int64
    private let stopping = Atomic<Bool>(false)
    private let state: Mutex<State>

    private struct State {
        var series: [MonitorSeries]
        var thread: pthread_t?
    }

    /// Prepares sampling of `monitors` for a run that starts at `origin` (monotonic ns), `startTimeUnixMs`.
    init(monitors: [any Monitor], origin: UInt64, startTimeUnixMs: Int64) {
        self.monitors = monitors
        self.origin = origin
        self.startTimeUnixMs = startTimeUnixMs
        let series = monitors.flatMap { monitor in
            monitor.series.map { MonitorSeries(name: $0.name, unit: $0.unit, source: monitor.source) }
        }
        state = Mutex(State(series: series, thread: nil))
    }

    /// Starts the sampling thread; nothing happens without monitors.
    func start() {
        guard !monitors.isEmpty else { return }
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            nil,
            { raw in
                let sampler = Unmanaged<MonitorSampler>.fromOpaque(raw!).takeRetainedValue()
                _ = barrage_set_thread_name("barrage-monitor")
                sampler.loop()
                return nil
            },
            context
        )
        guard result == 0 else {
            Unmanaged<MonitorSampler>.fromOpaque(context).release()
            return
        }
        state.withLock { $0.thread = thread }
    }

    /// Stops sampling (after the sample in progress, if any), stops the monitors and returns every series.
    func stop() -> [MonitorSeries] {
        stopping.store(true, ordering: .releasing)
        if let thread = state.withLock({ $0.thread }) { pthread_join(thread, nil) }
        return state.withLock { $0.series }
    }

    private func loop() {
        for monitor in monitors { monitor.start() }
        var second: UInt64 = 1
        while !stopping.load(ordering: .acquiring) {
            let due = origin + second * 1_000_000_000
            let now = MonotonicClock.now()
            if now < due {
                // Short naps, so that a stop is noticed within 50 ms.
                var pause = timespec(tv_sec: 0, tv_nsec: Int(min(due - now, 50_000_000)))
                nanosleep(&pause, nil)
                continue
            }
            let t = startTimeUnixMs + Int64(second - 1) * 1000
            var points: [[MonitorPoint?]] = []
            for monitor in monitors {
                let values = monitor.sample()
                points.append(monitor.series.map { info in values[info.name].map { MonitorPoint(t: t, values: $0) } })
            }
            state.withLock { state in
                var index = 0
                for point in points.joined() {
                    if let point { state.series[index].points.append(point) }
                    index += 1
                }
            }
            // A late sample (a slow source) skips the seconds it missed rather than sampling twice in a row.
            let after = MonotonicClock.now()
            second = max(second + 1, (after - origin) / 1_000_000_000)
        }
        for monitor in monitors { monitor.stop() }
    }
}
