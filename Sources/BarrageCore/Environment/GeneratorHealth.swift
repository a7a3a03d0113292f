import BarrageMetrics

/// Decides whether the generator's own numbers can be trusted, from its scheduling lag and CPU use.
public enum GeneratorHealth {
    /// Scheduling lag p99 above this means iterations and timers ran late: latencies include the generator.
    public static let lagWarningMilliseconds: Double = 10
    /// Average CPU use above this share of the usable cores means the generator was saturated.
    public static let cpuWarningShare: Double = 0.9

    /// Human-readable warnings; empty when the run's numbers can be trusted.
    public static func warnings(
        schedulingLag: LatencyHistogram,
        cpuSeconds: Double,
        durationSeconds: Double,
        usableCores: Int
    ) -> [String] {
        var warnings: [String] = []
        let lagP99 = Double(schedulingLag.value(atPercentile: 99)) / 1000
        if lagP99 > lagWarningMilliseconds {
            warnings.append(
                "scheduling lag p99 was \(format(lagP99)) ms: the generator started work late, so latencies "
                    + "include its own delay; use more workers, fewer VUs, or a bigger machine"
            )
        }
        if durationSeconds > 1, usableCores > 0 {
            let share = cpuSeconds / durationSeconds / Double(usableCores)
            if share > cpuWarningShare {
                warnings.append(
                    "generator CPU was \(Int(share * 100))% of its \(usableCores) core(s): it may have been the "
                        + "bottleneck, not the target"
                )
            }
        }
        return warnings
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
