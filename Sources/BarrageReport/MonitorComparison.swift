import BarrageMetrics

/// The monitor series of a baseline and a current result side by side: the mean and peak of each line (a
/// target's CPU and memory, a database's connections) with the relative change of the mean.
///
/// Listed, not judged: whether more is worse depends on the series (more memory is, more commits per second
/// is not). Series are matched by source, name and line; a source that differs only by its process id between
/// two runs is matched by name and line when that pair is unique in both.
public struct MonitorComparison: Sendable, Equatable {
    /// One line of one monitor series present in both results.
    public struct Line: Sendable, Equatable {
        /// The series and line, e.g. `memory.rss`.
        public var name: String
        /// The current result's source, e.g. `process 4321 (postgres)`.
        public var source: String
        /// The unit of its values.
        public var unit: String
        /// The baseline's mean.
        public var baselineMean: Double
        /// The current mean.
        public var currentMean: Double
        /// The baseline's peak.
        public var baselinePeak: Double
        /// The current peak.
        public var currentPeak: Double

        /// The relative change of the mean (0.1 = 10% more); nil when the baseline's mean is zero.
        public var change: Double? { baselineMean == 0 ? nil : (currentMean - baselineMean) / baselineMean }
    }

    /// Lines present in both, in the current result's order.
    public var lines: [Line]
    /// Lines (`source: series.line`) only in the baseline.
    public var onlyInBaseline: [String]
    /// Lines only in the current result.
    public var onlyInCurrent: [String]

    /// Compares the monitor series of `current` with those of `baseline`.
    public init(baseline: RunResult, current: RunResult) {
        let before = Self.summaries(baseline)
        let after = Self.summaries(current)
        let matches = matchSeries(after, to: before, exact: { $0.key }, loose: { $0.name })
        lines = []
        onlyInCurrent = []
        for (summary, match) in zip(after, matches) {
            guard let index = match else {
                onlyInCurrent.append(summary.key)
                continue
            }
            lines.append(
                Line(
                    name: summary.name,
                    source: summary.source,
                    unit: summary.unit,
                    baselineMean: before[index].mean,
                    currentMean: summary.mean,
                    baselinePeak: before[index].peak,
                    currentPeak: summary.peak
                )
            )
        }
        let used = Set(matches.compactMap { $0 })
        onlyInBaseline = before.indices.filter { !used.contains($0) }.map { before[$0].key }
    }

    /// Mean and peak of every line of every series of `result`.
    static func summaries(
        _ result: RunResult
    ) -> [(key: String, name: String, source: String, unit: String, mean: Double, peak: Double)] {
        (result.monitors ?? []).flatMap { series in
            series.lineNames.compactMap { line in
                let values = series.points.compactMap { $0.values[line] }
                guard !values.isEmpty else { return nil }
                let name = series.qualifiedName(of: line)
                return (
                    "\(series.source): \(name)", name, series.source, series.unit,
                    values.reduce(0, +) / Double(values.count), values.max() ?? 0
                )
            }
        }
    }
}
