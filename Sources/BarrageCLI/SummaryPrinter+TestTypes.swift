import BarrageMetrics

extension SummaryPrinter {
    /// The stress search's findings: a table of its steps, then the maximum sustainable rate, the breaking
    /// point and how it broke, and the recovery.
    func printStress(_ stress: StressOutcome?) {
        guard let stress else { return }
        console.line("stress search (SLO: \(stress.slo.joined(separator: ", "))), ended: \(stress.ended)")
        let header = ["step", "offered/s", "done/s", "p95", "p99", "errors", "dropped", "verdict"]
        let rows = stress.steps.enumerated().map { index, step in
            [
                "\(index + 1)", NumberText.fixed(step.offeredRate, 1),
                NumberText.fixed(step.measured.iterationsPerSecond, 1), Self.ms(step.measured.p95Ms),
                Self.ms(step.measured.p99Ms), NumberText.fixed(step.measured.errorRate * 100, 2) + "%",
                NumberText.grouped(Double(step.measured.droppedIterations)),
                step.held ? "held" : "broke (\(step.failureKind ?? "?"))",
            ]
        }
        for line in Self.table(header: header, rows: rows) { console.line("  " + line) }
        if let rate = stress.maxSustainableRate {
            let throughput = stress.maxSustainableThroughput.map { ", \(NumberText.fixed($0, 1)) iterations/s done" }
            console.line("  max sustainable: \(NumberText.fixed(rate, 1))/s offered\(throughput ?? "")")
        } else {
            console.line("  max sustainable: none (the SLO broke at every rate tried)")
        }
        if let breaking = stress.breakingPointRate {
            console.line(
                "  breaking point: \(NumberText.fixed(breaking, 1))/s, first failure: \(stress.firstFailureKind ?? "?") "
                    + "(\(stress.firstFailureConditions.joined(separator: "; ")))"
            )
        } else {
            console.line("  breaking point: not reached")
        }
        for recovery in stress.recoveries {
            let took =
                recovery.recoverySeconds.map { "recovered in \(NumberText.fixed($0, 1)) s" }
                ?? "did not recover within \(NumberText.fixed(recovery.timeoutSeconds, 0)) s"
            console.line(
                "  recovery after \(NumberText.fixed(recovery.brokenRate, 1))/s, at \(NumberText.fixed(recovery.recoveryRate, 1))/s: \(took)"
            )
        }
    }

    /// The spike's figures: before, during and after, and the recovery time.
    func printSpike(_ spike: SpikeOutcome?) {
        guard let spike else { return }
        console.line("spike (\(NumberText.fixed(spike.multiplier, 1))× the base load)")
        let header = ["phase", "seconds", "done/s", "p50", "p95", "p99", "max", "errors", "dropped"]
        let phases = [("before", spike.before), ("during", spike.during)] + (spike.after.map { [("after", $0)] } ?? [])
        let rows = phases.map { name, summary in
            [
                name, "\(summary.seconds)", NumberText.fixed(summary.iterationsPerSecond, 1), Self.ms(summary.p50Ms),
                Self.ms(summary.p95Ms), Self.ms(summary.p99Ms), Self.ms(summary.maxMs),
                NumberText.fixed(summary.errorRate * 100, 2) + "%",
                NumberText.grouped(Double(summary.droppedIterations)),
            ]
        }
        for line in Self.table(header: header, rows: rows) { console.line("  " + line) }
        let recovery =
            spike.recoverySeconds.map { "recovered \(NumberText.fixed($0, 1)) s after the spike" }
            ?? "not recovered before the end of the test"
        console.line("  \(recovery) (\(spike.recoveryCriterion))")
    }
}
