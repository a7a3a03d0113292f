import Foundation

/// Turns a run's per-second series into trends and verdicts: does latency drift, does the error rate creep up,
/// does memory (the generator's, a target's) or a database's connection count keep growing?
///
/// Everything is computed from the result alone, so `barrage run`, `barrage report` and `barrage merge` agree.
/// Each signal's points after the warm-up, up to the last complete second, are fitted by least squares
/// (`TrendLine`); a signal drifts (or leaks) when its slope exceeds its limit and the slope's 95% confidence
/// interval excludes zero.
public enum EnduranceAnalysis {
    /// Analyses `result` against `limits`.
    public static func analyse(_ result: RunResult, limits: EnduranceLimits) -> EnduranceResult {
        let start = result.startTimeUnixMs
        let windowStart = min(limits.warmup(forDuration: result.durationSeconds), max(0, result.durationSeconds))
        let windowEnd = max(windowStart, result.durationSeconds.rounded(.down))
        let seconds = { (t: Int64) in Double(t - start) / 1000 }
        let inWindow = { (t: Int64) in EnduranceResult.window(from: windowStart, to: windowEnd, contains: seconds(t)) }
        let judge = Judge(limits: limits, windowSeconds: windowEnd - windowStart)
        var signals: [EnduranceSignal] = []

        var failuresBySecond: [Int64: (count: UInt64, failures: UInt64)] = [:]
        for scenario in result.scenarios {
            for step in scenario.steps where !step.isGroup {
                let points = step.series.filter { $0.count > 0 && inWindow($0.t) }
                signals.append(
                    judge.signal(
                        name: "p95",
                        scope: EnduranceResult.stepScope(scenario: scenario.name, step: step.name),
                        kind: .latency,
                        unit: "ms",
                        x: points.map { seconds($0.t) },
                        y: points.map(\.p95)
                    )
                )
                for point in step.series where inWindow(point.t) {
                    failuresBySecond[point.t, default: (0, 0)].count += point.count
                    failuresBySecond[point.t, default: (0, 0)].failures += point.failures
                }
            }
        }
        let errorSeconds = failuresBySecond.filter { $0.value.count > 0 }.sorted { $0.key < $1.key }
        signals.append(
            judge.signal(
                name: "error_rate",
                scope: "all steps",
                kind: .errorRate,
                unit: "ratio",
                x: errorSeconds.map { seconds($0.key) },
                y: errorSeconds.map { Double($0.value.failures) / Double($0.value.count) }
            )
        )
        let generator = result.generator.series.filter { inWindow($0.t) && $0.rssBytes > 0 }
        let generatorSignal = judge.signal(
            name: "generator_rss",
            scope: "generator",
            kind: .generatorMemory,
            unit: "bytes",
            x: generator.map { seconds($0.t) },
            y: generator.map { Double($0.rssBytes) }
        )
        signals.append(generatorSignal)
        for series in result.monitors ?? [] {
            let lines = series.lineNames
            for line in lines {
                let points = series.points.compactMap { point in
                    inWindow(point.t) ? point.values[line].map { (seconds(point.t), $0) } : nil
                }
                signals.append(
                    judge.signal(
                        name: series.qualifiedName(of: line),
                        scope: series.source,
                        kind: kind(ofMonitorSeries: series.name),
                        unit: series.unit,
                        x: points.map(\.0),
                        y: points.map(\.1)
                    )
                )
            }
        }

        var warnings: [String] = []
        if generatorSignal.verdict == .leak {
            warnings.append(
                "generator memory grew \(TrendText.rate(generatorSignal.slopePerHour ?? 0, unit: "bytes")) after the "
                    + "warm-up: the generator itself may leak, and a longer run may exhaust its memory"
            )
        }
        let judged = signals.filter { $0.verdict != .inconclusive }
        let worst = signals.map(\.verdict).max() ?? .inconclusive
        let verdict: EnduranceVerdict =
            worst >= .drift ? worst : (judge.windowTooShort || judged.isEmpty ? .inconclusive : .stable)
        return EnduranceResult(
            verdict: verdict,
            windowStartSeconds: windowStart,
            windowEndSeconds: windowEnd,
            limits: limits,
            signals: signals,
            warnings: warnings
        )
    }

    /// The kind of a monitor series, by its name: `memory`, `cpu` and `connections` have limits of their own.
    static func kind(ofMonitorSeries name: String) -> EnduranceSignalKind {
        switch name {
        case "memory": .memory
        case "cpu": .cpu
        case "connections": .connections
        default: .monitor
        }
    }

    /// The least growth over the window that can be a leak: 1 MiB of memory, one connection; none otherwise.
    static func smallestLeak(_ kind: EnduranceSignalKind, unit: String) -> Double {
        switch kind {
        case .generatorMemory, .memory: unit == "bytes" ? 1_048_576 : unit == "MiB" ? 1 : 0
        case .connections: 1
        default: 0
        }
    }

    /// Fits and judges one signal against the limits.
    struct Judge {
        let limits: EnduranceLimits
        let windowSeconds: Double

        var windowTooShort: Bool { windowSeconds < limits.minDurationSeconds }

        func signal(
            name: String,
            scope: String,
            kind: EnduranceSignalKind,
            unit: String,
            x: [Double],
            y: [Double]
        ) -> EnduranceSignal {
            let limit = limits.limit(for: kind, unit: unit)
            let limitText = TrendText.limit(limit, unit: unit)
            guard let line = TrendLine(x: x, y: y) else {
                return EnduranceSignal(
                    name: name,
                    scope: scope,
                    kind: kind,
                    unit: unit,
                    points: min(x.count, y.count),
                    limitPerHour: limit.relative ? 0 : limit.perHour,
                    limitText: limitText,
                    verdict: .inconclusive,
                    reason: "too few points to fit a trend (\(min(x.count, y.count)))"
                )
            }
            let first = x.min() ?? 0
            let last = x.max() ?? 0
            let startLevel = line.value(at: first)
            let level = startLevel > 0 ? startLevel : max(0, line.mean)
            let allowed = limit.absolutePerHour(level: level)
            let slope = line.slope * 3600
            let low = line.slopeLow * 3600
            let high = line.slopeHigh * 3600
            // Memory and connections move in steps (an allocator's arena, one more connection): a leak must also
            // have grown by at least one step over the window, or a run of seconds would call 64 KiB a leak.
            let grown = line.slope * max(0, last - first) >= EnduranceAnalysis.smallestLeak(kind, unit: unit)
            let rising = slope > allowed && line.risesSignificantly && grown
            let falling = kind.judgesBothDirections && -slope > allowed && line.fallsSignificantly
            let trend =
                "\(slope >= 0 ? "rises" : "falls") \(TrendText.rate(abs(slope), unit: unit)) "
                + "(95% CI \(TrendText.amount(low, unit: unit))…\(TrendText.rate(high, unit: unit)))"
            let bound = limit.relative ? "\(limitText) = \(TrendText.rate(allowed, unit: unit))" : limitText
            let verdict: EnduranceVerdict
            let reason: String
            if windowTooShort {
                // Extrapolated to an hour, a few seconds of settling look like a steep trend: never judged.
                verdict = .inconclusive
                reason =
                    "\(trend); the window after the warm-up lasts \(TrendText.number(windowSeconds)) s "
                    + "(needs \(TrendText.number(limits.minDurationSeconds)) s)"
            } else if line.points < limits.minPoints {
                verdict = .inconclusive
                reason = "\(trend); \(line.points) points after the warm-up (needs \(limits.minPoints))"
            } else if rising || falling {
                verdict = rising && kind.growthIsLeak ? .leak : .drift
                reason = "\(trend), beyond \(bound)"
            } else if slope > allowed && line.risesSignificantly {
                verdict = .stable
                reason =
                    "\(trend), beyond \(bound) but grew less than "
                    + "\(TrendText.amount(EnduranceAnalysis.smallestLeak(kind, unit: unit), unit: unit)) over the window"
            } else {
                verdict = .stable
                reason = "\(trend), within \(bound)"
            }
            return EnduranceSignal(
                name: name,
                scope: scope,
                kind: kind,
                unit: unit,
                points: line.points,
                startLevel: startLevel,
                endLevel: line.value(at: last),
                slopePerHour: slope,
                slopeLowPerHour: low,
                slopeHighPerHour: high,
                changePercentPerHour: startLevel > 0 ? slope / startLevel * 100 : nil,
                limitPerHour: allowed,
                limitText: limitText,
                verdict: verdict,
                reason: reason
            )
        }
    }
}
