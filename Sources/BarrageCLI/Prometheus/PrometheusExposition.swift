import BarrageMetrics

/// The live metrics of a run in Prometheus' text exposition format (version 0.0.4), read from the
/// collector's totals: what `--prometheus` serves on `/metrics`.
///
/// Labels are bounded by the plan: `scenario`, `step`, `protocol` come from the scenario file, `error` from
/// the fixed set of error kinds, `segment` from the command line. Counters are the totals of every second
/// folded in so far (up to one second behind), so a sum over segment processes equals the merged result.
enum PrometheusExposition {
    /// Latency bucket bounds, seconds.
    static let bounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
    ]

    /// The exposition text of `collector`'s run of the plan `planName`, labelled with `segment`.
    static func text(collector: Collector, segment: String, planName: String) -> String {
        let layout = collector.layout
        let steps = collector.stepTotals
        let scenarios = collector.scenarioTotals
        var out = ""
        out.reserveCapacity(4096 + steps.count * 2048)
        let base = "segment=\"\(escape(segment))\""
        header(&out, "barrage_info", "gauge", "Constant 1, labelled with the plan and this process's segment.")
        out += "barrage_info{\(base),plan=\"\(escape(planName))\"} 1\n"

        var rows: [(labels: String, measurements: StepMeasurements)] = []
        for scenario in layout.scenarios {
            for (offset, step) in scenario.steps.enumerated() {
                let slot = scenario.firstStepSlot + offset
                guard slot < steps.count else { continue }
                let labels =
                    "\(base),scenario=\"\(escape(scenario.name))\",step=\"\(escape(step.name))\","
                    + "protocol=\"\(escape(step.protocolName))\""
                rows.append((labels, steps[slot]))
            }
        }
        header(&out, "barrage_requests_total", "counter", "Samples completed, by step (groups are rows of their own).")
        for row in rows { out += "barrage_requests_total{\(row.labels)} \(row.measurements.count)\n" }
        header(&out, "barrage_failures_total", "counter", "Failed samples, by step and error kind.")
        for row in rows {
            for (kind, count) in row.measurements.errors.sorted(by: { $0.key.name < $1.key.name }) {
                out += "barrage_failures_total{\(row.labels),error=\"\(kind.name)\"} \(count)\n"
            }
        }
        header(&out, "barrage_bytes_sent_total", "counter", "Bytes sent, by step.")
        for row in rows { out += "barrage_bytes_sent_total{\(row.labels)} \(row.measurements.bytesSent)\n" }
        header(&out, "barrage_bytes_received_total", "counter", "Bytes received, by step.")
        for row in rows { out += "barrage_bytes_received_total{\(row.labels)} \(row.measurements.bytesReceived)\n" }
        header(&out, "barrage_latency_seconds", "histogram", "Latency of every sample, by step.")
        for row in rows { histogram(&out, "barrage_latency_seconds", labels: row.labels, row.measurements.latency) }

        header(&out, "barrage_iterations_total", "counter", "Iterations completed, by scenario.")
        for (index, scenario) in layout.scenarios.enumerated() where index < scenarios.count {
            out +=
                "barrage_iterations_total{\(base),scenario=\"\(escape(scenario.name))\"} "
                + "\(scenarios[index].iterations.count)\n"
        }
        header(&out, "barrage_dropped_iterations_total", "counter", "Open-model arrivals dropped, by scenario.")
        for (index, scenario) in layout.scenarios.enumerated() where index < scenarios.count {
            out +=
                "barrage_dropped_iterations_total{\(base),scenario=\"\(escape(scenario.name))\"} "
                + "\(scenarios[index].droppedIterations)\n"
        }
        header(&out, "barrage_active_vus", "gauge", "Virtual users active in the last second, by scenario.")
        for (index, scenario) in layout.scenarios.enumerated() where index < scenarios.count {
            out += "barrage_active_vus{\(base),scenario=\"\(escape(scenario.name))\"} \(scenarios[index].activeVUs)\n"
        }
        header(
            &out,
            "barrage_scheduling_lag_seconds",
            "histogram",
            "How late the generator started work it had planned."
        )
        histogram(&out, "barrage_scheduling_lag_seconds", labels: base, collector.schedulingLag)
        return out
    }

    private static func header(_ out: inout String, _ name: String, _ type: String, _ help: String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    /// Cumulative buckets from the HDR histogram (µs), `_sum` from its mean.
    private static func histogram(_ out: inout String, _ name: String, labels: String, _ latency: LatencyHistogram) {
        let recorded = latency.buckets
        var index = 0
        var cumulative: UInt64 = 0
        for bound in bounds {
            let limit = UInt64(bound * 1_000_000)
            while index < recorded.count, recorded[index].value <= limit {
                cumulative += recorded[index].count
                index += 1
            }
            out += "\(name)_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "\(name)_bucket{\(labels),le=\"+Inf\"} \(latency.count)\n"
        out += "\(name)_sum{\(labels)} \(latency.mean * Double(latency.count) / 1_000_000)\n"
        out += "\(name)_count{\(labels)} \(latency.count)\n"
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
