import BarrageMetrics
import Foundation

/// Builds RunResults the way a run does: samples into `Recorder`s, one snapshot per second into a `Collector`.
struct ResultFactory {
    /// One generated sample, kept so the same samples can be recorded by one process or split over several.
    struct Event {
        var second: Int
        var stepSlot: Int
        var sample: Sample
    }

    static let startTimeUnixMs: Int64 = 1_764_000_000_000

    /// Two scenarios: `browse` with a TCP-like step (connect and first-byte phases) and a plain step, and
    /// `ingest` with one step whose name needs quoting in CSV and escaping in HTML and XML.
    static let layout = MetricsLayout(scenarios: [
        (
            name: "browse",
            loadModel: "constant-users: 20 users",
            steps: [
                MetricsLayout.Step(name: "login", protocolName: "tcp", phaseNames: ["connect", "first_byte"]),
                MetricsLayout.Step(name: "search", protocolName: "udp"),
            ]
        ),
        (
            name: "ingest",
            loadModel: "constant-rate: 50/s",
            steps: [MetricsLayout.Step(name: "put \"a,b\" <x> & y", protocolName: "tcp")]
        ),
    ])

    /// Random samples over `seconds` seconds; about `failureRatio` of them fail with assorted kinds.
    static func events(seconds: Int, perSecond: Int, failureRatio: Double, seed: UInt64) -> [Event] {
        var random = SeededGenerator(seed: seed)
        let kinds: [ErrorKind] = [.timeout, .connectRefused, .connectionReset, .checkFailed]
        var events: [Event] = []
        for second in 0..<seconds {
            let count = Int.random(in: perSecond / 2...perSecond, using: &random)
            for _ in 0..<count {
                let slot = Int.random(in: 0..<layout.stepCount, using: &random)
                // Log-uniform latencies from 20 µs to 2 s, so every bucket range is exercised.
                let latency = UInt64(20_000 * pow(10, Double.random(in: 0...5, using: &random)))
                var phases = PhaseTimings()
                if slot == 0 {
                    phases[0] = latency / 4 + 1
                    phases[1] = latency / 2 + 1
                }
                let failed = Double.random(in: 0..<1, using: &random) < failureRatio
                let sample = Sample(
                    start: 1_000,
                    end: 1_000 + latency,
                    error: failed ? kinds.randomElement(using: &random) : nil,
                    bytesSent: Int.random(in: 0...512, using: &random),
                    bytesReceived: Int.random(in: 0...4096, using: &random),
                    phases: phases
                )
                events.append(Event(second: second, stepSlot: slot, sample: sample))
            }
        }
        return events
    }

    /// The result of one process that recorded `events` (part `segment` of a run), over `seconds` seconds.
    static func result(events: [Event], seconds: Int, segment: String = "0/1", vus: Int = 4) -> RunResult {
        let collector = Collector(layout: layout, workerCount: 1, startTimeUnixMs: startTimeUnixMs)
        let recorder = Recorder(layout: layout)
        let bySecond = Dictionary(grouping: events, by: \.second)
        for scenario in layout.scenarios.indices { recorder.changeActiveVUs(scenario: scenario, by: vus) }
        for second in 0..<seconds {
            for event in bySecond[second] ?? [] {
                recorder.record(event.sample, stepSlot: event.stepSlot)
                let scenario = event.stepSlot < 2 ? 0 : 1
                recorder.recordIteration(event.sample, scenario: scenario)
                recorder.recordSchedulingLag(nanoseconds: event.sample.latency / 100)
            }
            collector.submit(recorder.takeInterval(index: second + 1))
            collector.recordGenerator(
                t: startTimeUnixMs + Int64(second) * 1000,
                cpuPercent: 40 + Double(second % 7),
                rssBytes: 30_000_000 + UInt64(second) * 1000
            )
        }
        collector.flush()
        return collector.makeResult(
            runID: "run-\(segment)",
            name: "shop",
            status: .completed,
            startedAt: "2025-11-24T16:00:00Z",
            durationSeconds: Double(seconds),
            environment: RunEnvironment(
                os: "Debian GNU/Linux 12 (bookworm)",
                kernel: "6.1.0",
                cpuModel: "Test CPU",
                cpuCores: 2,
                hostname: "host-\(segment)",
                barrageVersion: "0.1.0",
                commandLine: ["barrage", "run", "shop.yaml"],
                workers: 1,
                segment: segment
            ),
            cpuSeconds: Double(seconds) * 0.4,
            peakRSSBytes: 31_000_000,
            warnings: []
        )
    }

    /// A typical result, built once and shared by the tests that only read it (a value: tests change copies).
    static let shared = typical()

    /// A typical result: ten seconds of data with a few failures.
    static func typical(seconds: Int = 10, seed: UInt64 = 42) -> RunResult {
        result(events: events(seconds: seconds, perSecond: 200, failureRatio: 0.02, seed: seed), seconds: seconds)
    }

    /// An hour of per-second data, quickly: a measured minute whose per-second points are repeated, with
    /// noise and a spike, over 3600 seconds (building an hour through the collector takes minutes in debug).
    static func hourLong(seed: UInt64 = 11) -> RunResult {
        var random = SeededGenerator(seed: seed)
        var result = result(events: events(seconds: 60, perSecond: 40, failureRatio: 0.03, seed: seed), seconds: 60)
        let shift = { (t: Int64, second: Int) in t + Int64(second / 60) * 60_000 }
        for scenario in result.scenarios.indices {
            let minute = result.scenarios[scenario].series
            result.scenarios[scenario].series = (0..<3600).map { second in
                var point = minute[second % 60]
                point.t = shift(point.t, second)
                point.activeVUs = 4 + second / 600
                return point
            }
            for step in result.scenarios[scenario].steps.indices {
                let points = result.scenarios[scenario].steps[step].series
                result.scenarios[scenario].steps[step].series = (0..<3600).map { second in
                    var point = points[second % 60]
                    point.t = shift(point.t, second)
                    point.count += UInt64.random(in: 0...20, using: &random)
                    if second == 1800 { point.p99 *= 8 }
                    return point
                }
            }
        }
        let generator = result.generator.series
        result.generator.series = (0..<3600).map { second in
            var point = generator[second % 60]
            point.t = shift(point.t, second)
            return point
        }
        result.durationSeconds = 3600
        return result
    }
}
