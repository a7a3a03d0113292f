import BarrageMetrics

/// Thresholds watched during a run: evaluated on each second's snapshot, it reports each change of state
/// (one `fail` when a threshold starts failing, one `recover` when it holds again) and the first failed
/// threshold marked `abort_on_fail`.
///
/// A value owned by the one task that drives it; it keeps no history beyond a state per threshold.
public struct ThresholdMonitor: Sendable {
    /// The live state of one threshold.
    public enum State: Sendable, Equatable {
        /// No verdict yet (warm-up `delay`, or no data).
        case pending
        /// It held at the last evaluation.
        case passing
        /// It failed at the last evaluation.
        case failing
    }

    /// The evaluator it uses.
    public let evaluator: ThresholdEvaluator
    /// Each threshold's state, in declaration order.
    public private(set) var states: [State]
    /// The second of the run each threshold first failed in, if it did.
    public private(set) var firstFailedAtSecond: [Int?]
    /// The first threshold marked `abort_on_fail` that failed; the run should stop.
    public private(set) var abortingThreshold: Threshold?

    /// A monitor of `evaluator`'s thresholds, all pending.
    public init(evaluator: ThresholdEvaluator) {
        self.evaluator = evaluator
        states = Array(repeating: .pending, count: evaluator.thresholds.count)
        firstFailedAtSecond = Array(repeating: nil, count: evaluator.thresholds.count)
    }

    /// Evaluates the snapshot of the run's first `second` seconds; returns the changes of state it caused.
    public mutating func observe(_ snapshot: RunResult, second: Int) -> [ThresholdTransition] {
        observe(ThresholdInput(snapshot), second: second)
    }

    /// Evaluates the run's totals after its first `second` seconds; returns the changes of state it caused.
    public mutating func observe(_ snapshot: ThresholdInput, second: Int) -> [ThresholdTransition] {
        var transitions: [ThresholdTransition] = []
        for (index, threshold) in evaluator.thresholds.enumerated() {
            guard UInt64(second) * 1_000_000_000 >= threshold.delay else { continue }
            let verdict = evaluator.verdict(threshold, on: snapshot)
            let next: State
            switch verdict.status {
            case .passed: next = .passing
            case .failed: next = .failing
            case .noData: continue
            }
            let previous = states[index]
            states[index] = next
            if next == .failing, previous != .failing {
                if firstFailedAtSecond[index] == nil { firstFailedAtSecond[index] = second }
                transitions.append(
                    ThresholdTransition(kind: .fail, threshold: threshold, verdict: verdict, second: second)
                )
                if threshold.abortOnFail, abortingThreshold == nil { abortingThreshold = threshold }
            } else if next == .passing, previous == .failing {
                transitions.append(
                    ThresholdTransition(kind: .recover, threshold: threshold, verdict: verdict, second: second)
                )
            }
        }
        return transitions
    }

    /// The final verdicts on the finished run's result, each with the second it first failed live.
    public func finish(_ result: RunResult) -> [ThresholdVerdict] {
        evaluator.evaluate(result).enumerated().map { index, verdict in
            var verdict = verdict
            verdict.firstFailedAtSecond = firstFailedAtSecond[index]
            return verdict
        }
    }
}
