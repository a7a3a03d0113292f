/// Why results cannot be merged.
public enum MergeError: Error, Equatable, CustomStringConvertible {
    /// Nothing to merge.
    case empty
    /// The parts were written by different schema versions.
    case schemaVersionsDiffer([Int])
    /// The parts do not describe the same scenarios and steps.
    case layoutsDiffer(String)
    /// The parts are segments of different splits (`0/3` and `1/2`).
    case segmentCountsDiffer([String])
    /// A segment appears more than once.
    case overlappingSegments(String)
    /// Some segments of the split are not among the parts.
    case missingSegments([String])

    public var description: String {
        switch self {
        case .empty: "no results to merge"
        case .schemaVersionsDiffer(let versions):
            "results have different schema versions (\(versions.map(String.init).joined(separator: ", "))); "
                + "merge results written by the same Barrage version"
        case .layoutsDiffer(let detail): "results do not belong to the same plan: \(detail)"
        case .segmentCountsDiffer(let segments):
            "results are segments of different splits (\(segments.joined(separator: ", "))); merge the segments of one run"
        case .overlappingSegments(let segment):
            "segment \(segment) appears more than once; each segment's result must be given once"
        case .missingSegments(let missing):
            "segment\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) missing: the merged totals would "
                + "be short; give every segment's result, or pass --partial to merge what is there"
        }
    }
}

extension RunResult {
    /// Merges the results of the parts of one distributed run into one result.
    ///
    /// Counts are summed, histograms merged (so percentiles are HDR-exact), per-second series aligned on
    /// their wall-clock second. Parts must share schema version, scenarios and steps.
    ///
    /// Parts that are segments of a split (`i/N`, N > 1) must be distinct segments of the same N, and all N of
    /// them unless `allowingMissingSegments`. Whole runs (`0/1`) merge freely (independent processes).
    public static func merge(
        _ parts: [RunResult],
        allowingMissingSegments: Bool = false
    ) throws(MergeError)
        -> RunResult
    {
        guard var merged = parts.first else { throw .empty }
        let versions = Set(parts.map(\.schemaVersion))
        guard versions.count == 1 else { throw .schemaVersionsDiffer(versions.sorted()) }
        try checkSegments(parts.flatMap(\.environments).map(\.segment), allowingMissing: allowingMissingSegments)
        for part in parts.dropFirst() {
            let mine = merged.scenarios.map { "\($0.name)(\($0.steps.map(\.name).joined(separator: ",")))" }
            let theirs = part.scenarios.map { "\($0.name)(\($0.steps.map(\.name).joined(separator: ",")))" }
            guard mine == theirs else {
                throw .layoutsDiffer("scenarios \(mine.joined(separator: " ")) vs \(theirs.joined(separator: " "))")
            }
        }
        let start = parts.map(\.startTimeUnixMs).min() ?? merged.startTimeUnixMs
        let end = parts.map { $0.startTimeUnixMs + Int64($0.durationSeconds * 1000) }.max() ?? start
        merged.startTimeUnixMs = start
        merged.startedAt = parts.first { $0.startTimeUnixMs == start }?.startedAt ?? merged.startedAt
        merged.durationSeconds = Double(end - start) / 1000
        merged.environments = parts.flatMap(\.environments)
        merged.status =
            parts.contains { $0.status == .aborted }
            ? .aborted : parts.contains { $0.status == .interrupted } ? .interrupted : .completed

        var lag = LatencyHistogram()
        for part in parts { lag.merge(part.generator.schedulingLagHistogram) }
        merged.generator = GeneratorResult(
            schedulingLagHistogram: lag,
            cpuSeconds: parts.reduce(0) { $0 + $1.generator.cpuSeconds },
            peakRSSBytes: parts.map(\.generator.peakRSSBytes).max() ?? 0,
            series: mergeSeries(parts.map(\.generator.series), time: \.t) { point, other in
                // Several generator processes in the same second: their CPU and memory add up.
                point.cpuPercent += other.cpuPercent
                point.rssBytes += other.rssBytes
                point.schedulingLagP99 = max(point.schedulingLagP99, other.schedulingLagP99)
            },
            warnings: Array(Set(parts.flatMap(\.generator.warnings))).sorted()
        )

        for scenarioIndex in merged.scenarios.indices {
            let scenarioParts = parts.map { $0.scenarios[scenarioIndex] }
            merged.scenarios[scenarioIndex] = ScenarioResult.merge(
                scenarioParts,
                durationSeconds: merged.durationSeconds
            )
        }
        // Each part sampled its own monitors: their series are kept side by side.
        let monitors = parts.flatMap { $0.monitors ?? [] }
        merged.monitors = parts.allSatisfy { $0.monitors == nil } ? nil : monitors
        // Each part judged only its own share: the merged result is judged afresh (`merge --check`), or not at all.
        merged.thresholds = nil
        // A spike test (or stress search) found its recovery in its own share of the load only: one part's findings
        // do not describe the merged run, so they are dropped rather than passed off as the whole run's.
        if parts.count > 1 {
            merged.stress = nil
            merged.spike = nil
        }
        // Trends are recomputed from the merged series, with the limits the parts were judged by.
        if let limits = parts.lazy.compactMap({ $0.endurance?.limits }).first {
            merged.endurance = EnduranceAnalysis.analyse(merged, limits: limits)
        }
        return merged
    }
}

extension ScenarioResult {
    static func merge(_ parts: [ScenarioResult], durationSeconds: Double) -> ScenarioResult {
        var counters = ScenarioCounters()
        for part in parts {
            counters.iterations.latency.merge(part.iterationHistogram)
            counters.iterations.failures += part.failedIterations
            counters.iterations.successes += part.iterations - part.failedIterations
            counters.droppedIterations += part.droppedIterations
        }
        let steps = parts[0].steps.indices.map { stepIndex in
            StepResult.merge(parts.map { $0.steps[stepIndex] }, durationSeconds: durationSeconds)
        }
        return ScenarioResult(
            name: parts[0].name,
            loadModel: parts[0].loadModel,
            counters: counters,
            peakVUs: parts.reduce(0) { $0 + $1.peakVUs },
            steps: steps,
            series: mergeSeries(parts.map(\.series), time: \.t) { $0.merge($1) }
        )
    }
}

extension StepResult {
    /// Merges one step's results from the parts of a distributed run: counts add, histograms merge exactly.
    public static func merge(_ parts: [StepResult], durationSeconds: Double) -> StepResult {
        var measurements = StepMeasurements(phaseCount: parts[0].phases.count)
        for part in parts {
            measurements.latency.merge(part.histogram)
            measurements.successes += part.successes
            measurements.failures += part.failures
            measurements.bytesSent += part.bytesSent
            measurements.bytesReceived += part.bytesReceived
            for (index, phase) in part.phases.enumerated() where index < measurements.phases.count {
                measurements.phases[index].merge(phase.histogram)
            }
        }
        var errors: [String: UInt64] = [:]
        for part in parts { errors.merge(part.errors, uniquingKeysWith: +) }
        var statuses: [String: UInt64] = [:]
        for part in parts { statuses.merge(part.statuses ?? [:], uniquingKeysWith: +) }
        var result = StepResult(
            step: MetricsLayout.Step(
                name: parts[0].name,
                protocolName: parts[0].protocolName,
                phaseNames: parts[0].phases.map(\.name)
            ),
            measurements: measurements,
            durationSeconds: durationSeconds,
            series: mergeSeries(parts.map(\.series), time: \.t) { $0.merge($1) }
        )
        result.errors = errors
        result.statuses = statuses.isEmpty ? nil : statuses
        return result
    }
}

/// Merges per-second series of several parts: points of the same second combine, the rest interleave.
func mergeSeries<Point>(
    _ series: [[Point]],
    time: (Point) -> Int64,
    combine: (inout Point, Point) -> Void
) -> [Point] {
    var bySecond: [Int64: Point] = [:]
    for points in series {
        for point in points {
            let key = time(point) / 1000
            if var existing = bySecond[key] {
                combine(&existing, point)
                bySecond[key] = existing
            } else {
                bySecond[key] = point
            }
        }
    }
    return bySecond.keys.sorted().compactMap { bySecond[$0] }
}

extension RunResult {
    /// Checks that segment labels `i/N` cover one split without overlap (and completely, unless allowed).
    static func checkSegments(_ labels: [String], allowingMissing: Bool) throws(MergeError) {
        let split = labels.compactMap { label -> (index: Int, count: Int)? in
            let parts = label.split(separator: "/")
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 1 else { return nil }
            return (index, count)
        }
        guard !split.isEmpty else { return }
        let counts = Set(split.map(\.count))
        guard counts.count == 1, let count = counts.first, split.count == labels.count else {
            throw .segmentCountsDiffer(Array(Set(labels)).sorted())
        }
        var seen = Set<Int>()
        for segment in split where !seen.insert(segment.index).inserted {
            throw .overlappingSegments("\(segment.index)/\(count)")
        }
        let missing = (0..<count).filter { !seen.contains($0) }.map { "\($0)/\(count)" }
        if !missing.isEmpty, !allowingMissing { throw .missingSegments(missing) }
    }
}
