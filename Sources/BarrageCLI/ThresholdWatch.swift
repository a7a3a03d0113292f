import BarrageAlerting
import BarrageCore
import BarrageMetrics
import Foundation
import Synchronization

/// Thresholds during a run: once per second, on the collector's running totals, it evaluates every threshold,
/// queues an alert for each change of state, and stops the run when one marked `abort_on_fail` fails. It runs
/// in its own task and reads the collector like the progress line does: it never touches a worker's loop, and
/// holds the collector's lock only to copy the totals.
final class ThresholdWatch: Sendable {
    private struct State: Sendable {
        var monitor: ThresholdMonitor
        var abortedBy: String?
        /// Set once the run has returned: a failure seen after that cannot stop it any more.
        var ended = false
    }

    private let state: Mutex<State>
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(
        run: LoadRun,
        monitor: ThresholdMonitor,
        dispatcher: AlertDispatcher,
        runID: String,
        reportPath: String,
        console: Console
    ) {
        state = Mutex(State(monitor: monitor))
        guard !monitor.evaluator.thresholds.isEmpty else { return }
        let needsScenarioCounts = monitor.evaluator.needsScenarioCounts
        let made = Task { [self] in
            var lastInterval = 0
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 200_000_000)
                let interval = run.collector.live.interval
                guard interval != lastInterval else { continue }
                lastInterval = interval
                // The running totals are copied (copy-on-write) under the lock; everything else happens here.
                let snapshot =
                    needsScenarioCounts
                    ? ThresholdInput(
                        layout: run.collector.layout,
                        stepTotals: run.collector.stepTotals,
                        scenarioTotals: run.collector.scenarioTotals,
                        durationSeconds: Double(interval)
                    )
                    : ThresholdInput(
                        layout: run.collector.layout,
                        stepTotals: run.collector.stepTotals,
                        durationSeconds: Double(interval)
                    )
                let (transitions, abort) = self.state.withLock { state in
                    let transitions = state.monitor.observe(snapshot, second: interval)
                    var abort: Threshold?
                    // requestStop() is false when a signal stopped the run first: then the signal's status stands.
                    if !state.ended, state.abortedBy == nil, let threshold = state.monitor.abortingThreshold,
                        run.requestStop()
                    {
                        state.abortedBy = threshold.expression
                        abort = threshold
                    }
                    return (transitions, abort)
                }
                for transition in transitions {
                    dispatcher.send(
                        AlertEvent(
                            kind: transition.kind,
                            runID: runID,
                            plan: run.plan.name,
                            verdict: transition.verdict,
                            second: transition.second,
                            reportPath: reportPath
                        )
                    )
                }
                if let abort {
                    console.errorLine(
                        "threshold '\(abort.expression)' [\(abort.scope)] failed: stopping the run (abort_on_fail)"
                    )
                }
            }
        }
        task.withLock { $0 = made }
    }

    /// Stops watching (call it once the run has returned); returns the monitor (for the final verdicts) and the
    /// threshold that stopped the run.
    func finish() async -> (monitor: ThresholdMonitor, abortedBy: String?) {
        state.withLock { $0.ended = true }
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
        return state.withLock { ($0.monitor, $0.abortedBy) }
    }
}
