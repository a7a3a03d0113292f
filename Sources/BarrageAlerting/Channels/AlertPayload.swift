import BarrageMetrics
import Foundation

/// The JSON document the webhook channel POSTs (documented in docs/thresholds.md).
public enum AlertPayload {
    /// The payload of `event`: event, run id, plan, scenario, threshold, observed value, limit, report path;
    /// at `end`, every verdict and whether the run passed.
    public static func json(_ event: AlertEvent) -> [UInt8] {
        var object: [String: Any] = [
            "event": event.kind.rawValue,
            "run_id": event.runID,
            "plan": event.plan,
            "second": event.second,
            "report": event.reportPath,
            "summary": event.headline,
        ]
        if let verdict = event.verdict {
            object.merge(fields(verdict)) { first, _ in first }
        }
        if event.kind == .end {
            object["passed"] = event.passed
            object["run_status"] = event.status ?? NSNull()
            object["verdicts"] = event.verdicts.map(fields)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }

    /// One verdict's fields.
    static func fields(_ verdict: ThresholdVerdict) -> [String: Any] {
        [
            "threshold": verdict.threshold,
            "scope": verdict.scope,
            "scenario": AlertEvent.scenario(of: verdict) ?? NSNull(),
            "status": verdict.status.rawValue,
            "observed": verdict.observed ?? NSNull(),
            "observed_text": verdict.observedText,
            "limit": verdict.limit ?? NSNull(),
            "unit": verdict.unit,
            "abort_on_fail": verdict.abortOnFail,
        ]
    }
}
