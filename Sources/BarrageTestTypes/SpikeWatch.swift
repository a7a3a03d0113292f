import BarrageCore
import BarrageMetrics
import Synchronization

/// Measures a spike test alongside its run: the steady load before the spike, the spike at full height, and,
/// one second at a time after the load is back at its base, how long until latency and errors are back to
/// their level before (or the given objective holds). The load itself follows the spike's shape, set on the
/// scenarios before the run; this only reads the collector.
public final class SpikeWatch: Sendable {
    private struct State: Sendable {
        var before: WindowSummary?
        var during: WindowSummary?
        var after: MeasurementWindow?
        var criterion = ""
        var recoverySeconds: Double?
    }

    private let settings: SpikeSettings
    private let layout: MetricsLayout
    private let state = Mutex(State())
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let report: @Sendable (String) -> Void

    /// Starts measuring `run`; `report` receives a line per phase (for the console).
    public init(settings: SpikeSettings, run: LoadRun, report: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.report = report
        layout = run.collector.layout
        let made = Task { [self] in await self.measure(RunWindows(run: run)) }
        task.withLock { $0 = made }
    }

    /// Stops measuring (call it once the run has returned); nil when the run ended before the spike was over.
    public func finish() async -> SpikeOutcome? {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
        let layout = self.layout
        return state.withLock { state in
            guard let before = state.before, let during = state.during else { return nil }
            return SpikeOutcome(
                multiplier: settings.multiplier,
                before: before,
                during: during,
                after: state.after.map { WindowSummary($0, layout: layout) },
                recoveryCriterion: state.criterion,
                recoverySeconds: state.recoverySeconds
            )
        }
    }

    private func measure(_ windows: RunWindows) async {
        defer { windows.close() }
        let first = RunWindows.firstInterval(startingAtOrAfter: settings.warmup)
        guard await windows.waitFor(interval: first - 1) else { return }
        _ = windows.take()
        guard await windows.waitFor(interval: Int(settings.before.rounded(.down))) else { return }
        let before = WindowSummary(windows.take(), layout: layout)
        let criterion = Self.describe(settings.recovery, before: before)
        state.withLock {
            $0.before = before
            $0.criterion = criterion
        }
        report("spike: before p95 \(TestTypeText.ms(before.p95Ms)), \(TestTypeText.rate(before.iterationsPerSecond))")

        let spikeFirst = RunWindows.firstInterval(startingAtOrAfter: settings.spikeStart)
        guard await windows.waitFor(interval: spikeFirst - 1) else { return }
        _ = windows.take()
        guard await windows.waitFor(interval: Int((settings.spikeStart + settings.during).rounded(.down))) else {
            return
        }
        let during = WindowSummary(windows.take(), layout: layout)
        state.withLock { $0.during = during }
        report(
            "spike: during p95 \(TestTypeText.ms(during.p95Ms)), \(TestTypeText.rate(during.iterationsPerSecond)), "
                + "errors \(TrendText.number(during.errorRate * 100))%"
        )

        let end = settings.spikeEnd
        var next = RunWindows.firstInterval(startingAtOrAfter: end)
        guard await windows.waitFor(interval: next - 1) else { return }
        _ = windows.take()
        var streak = 0
        var streakStart = 0
        var recovered = false
        while await windows.waitFor(interval: next) {
            let window = windows.take()
            guard window.seconds > 0 else {
                next += 1
                continue
            }
            state.withLock { state in
                if state.after == nil { state.after = window } else { state.after?.merge(window) }
            }
            if !recovered {
                if holds(window, before: before) {
                    if streak == 0 { streakStart = window.firstInterval }
                    streak += window.seconds
                    if streak >= settings.holdSeconds {
                        recovered = true
                        let seconds = max(0, Double(streakStart - 1) - end)
                        state.withLock { $0.recoverySeconds = seconds }
                        report("spike: recovered \(TestTypeText.seconds(seconds)) after the spike (\(criterion))")
                    }
                } else {
                    streak = 0
                }
            }
            next = window.lastInterval + 1
        }
    }

    private func holds(_ window: MeasurementWindow, before: WindowSummary) -> Bool {
        switch settings.recovery {
        case .objective(let objective):
            return objective.judge(window, layout: layout).held
        case .relative(let tolerance):
            let summary = WindowSummary(window, layout: layout)
            guard summary.samplesPerSecond > 0 else { return false }
            return summary.p95Ms <= Self.p95Limit(tolerance: tolerance, before: before)
                && summary.errorRate <= before.errorRate + 0.01
        }
    }

    static func p95Limit(tolerance: Double, before: WindowSummary) -> Double {
        max(before.p95Ms * tolerance, before.p95Ms + 5)
    }

    static func describe(_ criterion: SpikeRecoveryCriterion, before: WindowSummary) -> String {
        switch criterion {
        case .objective(let objective):
            return objective.expressions.joined(separator: " and ")
        case .relative(let tolerance):
            let limit = TrendText.number(p95Limit(tolerance: tolerance, before: before))
            let errors = TrendText.number((before.errorRate + 0.01) * 100)
            return "p95 ≤ \(limit) ms (\(tolerance) × before, at least before + 5 ms) and error rate ≤ \(errors)%"
        }
    }
}
