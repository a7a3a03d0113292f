import BarrageCore
import BarrageMetrics
import Synchronization

/// Runs a stress search alongside a run: holds each rate for a step, judges the step's whole seconds (after
/// its settling time) against the objective, drops the load after a broken step and measures the recovery,
/// and sets the next rate on the `RateController` the stressed scenarios read. It reads the collector like the
/// progress line does and never touches a worker's loop.
public final class StressWatch: Sendable {
    private struct State: Sendable {
        var steps: [StressStep] = []
        var recoveries: [StressRecovery] = []
        var ended = "stopped"
    }

    private let settings: StressSettings
    private let run: LoadRun
    private let state = Mutex(State())
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let report: @Sendable (String) -> Void

    /// Starts the search on `run`, whose stressed scenarios read `controller`; `report` receives one line per
    /// decision (for the console).
    public init(
        settings: StressSettings,
        controller: RateController,
        run: LoadRun,
        report: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.run = run
        self.report = report
        let made = Task { [self] in
            await self.search(controller: controller, windows: RunWindows(run: run))
        }
        task.withLock { $0 = made }
    }

    /// Stops the search (call it once the run has returned) and returns what it found.
    public func finish() async -> StressOutcome {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
        let stopped = run.isStopping
        return state.withLock { state in
            // The run's own bound (max_duration) ended it when nobody asked it to stop.
            if state.ended == "stopped", !stopped { state.ended = "max_duration" }
            return StressOutcome(
                slo: settings.objective.expressions,
                steps: state.steps,
                recoveries: state.recoveries,
                ended: state.ended
            )
        }
    }

    private func search(controller: RateController, windows: RunWindows) async {
        defer { windows.close() }
        var search = StressSearch(settings: settings)
        var changedAt = 0.0
        let layout = windows.run.collector.layout
        let stepSeconds = Double(settings.step) / 1e9
        let maxSeconds = Double(settings.maxDuration) / 1e9
        report("stress: \(TestTypeText.rate(search.rate)) for \(Int(stepSeconds))s")
        while true {
            let first = RunWindows.firstInterval(startingAtOrAfter: changedAt + Double(settings.settleSeconds))
            let last = Int((changedAt + stepSeconds).rounded(.down))
            guard await windows.waitFor(interval: first - 1) else { return }
            _ = windows.take()
            guard await windows.waitFor(interval: max(first, last)) else { return }
            var judged = settings.objective.judge(windows.take(), layout: layout)
            Self.requireThroughput(of: search.rate, in: &judged)
            let step = StressStep(
                offeredRate: search.rate,
                measured: judged.summary,
                held: judged.held,
                failedConditions: judged.failedConditions,
                failureKind: judged.failureKind
            )
            state.withLock { $0.steps.append(step) }
            report(
                "stress: \(TestTypeText.rate(step.offeredRate)) "
                    + (judged.held
                        ? "held (p95 \(TestTypeText.ms(judged.summary.p95Ms)), \(TestTypeText.rate(judged.summary.iterationsPerSecond)) done)"
                        : "broke: \(judged.failedConditions.joined(separator: "; "))")
            )
            switch search.record(held: judged.held) {
            case .finish(let reason):
                finish(controller, windows, reason: reason)
                return
            case _ where windows.now + stepSeconds > maxSeconds:
                finish(controller, windows, reason: "max_duration")
                return
            case .step(let rate):
                controller.setRate(rate, at: windows.nowOffset)
                changedAt = windows.now
                report("stress: \(TestTypeText.rate(rate)) for \(Int(stepSeconds))s")
            case .recover(let recoveryRate, let then):
                controller.setRate(recoveryRate, at: windows.nowOffset)
                let droppedAt = windows.now
                report("stress: dropping to \(TestTypeText.rate(recoveryRate)) to measure recovery")
                guard
                    let recovery = await recover(
                        from: droppedAt,
                        rate: recoveryRate,
                        brokenRate: step.offeredRate,
                        windows
                    )
                else { return }
                state.withLock { $0.recoveries.append(recovery) }
                guard let seconds = recovery.recoverySeconds else {
                    report("stress: no recovery within \(Int(recovery.timeoutSeconds))s; stopping the search")
                    finish(controller, windows, reason: "no_recovery")
                    return
                }
                report(
                    "stress: recovered in \(TestTypeText.seconds(seconds)); next \(TestTypeText.rate(then)) for \(Int(stepSeconds))s"
                )
                controller.setRate(then, at: windows.nowOffset)
                changedAt = windows.now
            }
        }
    }

    /// Waits, one second at a time, until the objective holds for `hold` seconds in a row; nil when the run
    /// stopped first.
    private func recover(
        from droppedAt: Double,
        rate: Double,
        brokenRate: Double,
        _ windows: RunWindows
    ) async -> StressRecovery? {
        let layout = windows.run.collector.layout
        let timeout = Double(settings.recoveryTimeout) / 1e9
        var next = RunWindows.firstInterval(startingAtOrAfter: droppedAt)
        guard await windows.waitFor(interval: next - 1) else { return nil }
        _ = windows.take()
        var streak = 0
        var streakStart = 0
        while true {
            guard await windows.waitFor(interval: next) else { return nil }
            let window = windows.take()
            guard window.seconds > 0 else {
                next += 1
                continue
            }
            if settings.objective.judge(window, layout: layout).held {
                if streak == 0 { streakStart = window.firstInterval }
                streak += window.seconds
                if streak >= settings.recoveryHoldSeconds {
                    return StressRecovery(
                        brokenRate: brokenRate,
                        recoveryRate: rate,
                        droppedAtSecond: droppedAt,
                        recoverySeconds: max(0, Double(streakStart - 1) - droppedAt),
                        timeoutSeconds: timeout
                    )
                }
            } else {
                streak = 0
            }
            if Double(window.lastInterval) - droppedAt > timeout {
                return StressRecovery(
                    brokenRate: brokenRate,
                    recoveryRate: rate,
                    droppedAtSecond: droppedAt,
                    recoverySeconds: nil,
                    timeoutSeconds: timeout
                )
            }
            next = window.lastInterval + 1
        }
    }

    /// The share of the offered rate a step must complete: an open model's completions keep pace with its
    /// arrivals while the target keeps up, so falling short means the target (or `max_in_flight`) saturated.
    static let requiredThroughputShare = 0.95

    /// Marks `judged` broken (`saturation`) when it completed under 95% of `offered` iterations per second.
    static func requireThroughput(of offered: Double, in judged: inout ServiceLevelObjective.Judgement) {
        let done = judged.summary.iterationsPerSecond
        guard done < offered * requiredThroughputShare else { return }
        judged.failedConditions.append(
            "throughput ≥ \(Int(requiredThroughputShare * 100))% of offered: \(TestTypeText.rate(done)) of \(TestTypeText.rate(offered))"
        )
        if judged.held { judged.failureKind = "saturation" }
        judged.held = false
    }

    private func finish(_ controller: RateController, _ windows: RunWindows, reason: String) {
        state.withLock { $0.ended = reason }
        controller.finish(at: windows.nowOffset)
        report("stress: search ended (\(reason)); letting in-flight iterations finish")
    }
}
