import BarrageMetrics

/// Whether a run passed, as every report says it: by its thresholds when it has some, and by its test type's
/// findings (a stress search or spike that did not recover fails), otherwise by whether any sample failed; a run
/// that did not complete never passed.
enum RunVerdict {
    /// Whether `result` failed.
    static func failed(_ result: RunResult) -> Bool {
        result.status != .completed || !result.measurementsPassed
    }

    /// A few words for a badge: `thresholds passed`, `2 of 5 thresholds failed`, `no failed samples` …
    static func text(_ result: RunResult) -> String {
        if result.status == .aborted, let threshold = result.thresholds?.abortedBy {
            return "aborted by threshold \(threshold)"
        }
        if result.status != .completed { return "run \(result.status.rawValue)" }
        if result.testTypePassed == false {
            if let stress = result.stress, stress.maxSustainableRate == nil { return "stress: the SLO never held" }
            return "\(result.testType ?? "test"): the target did not recover"
        }
        if let thresholds = result.thresholds {
            let failed = thresholds.failed.count
            return failed == 0
                ? "\(thresholds.verdicts.count) threshold(s) passed"
                : "\(failed) of \(thresholds.verdicts.count) threshold(s) failed"
        }
        if result.testTypePassed == true { return "\(result.testType ?? "test") passed" }
        return result.totalFailures > 0 ? "some samples failed" : "no failed samples"
    }
}
