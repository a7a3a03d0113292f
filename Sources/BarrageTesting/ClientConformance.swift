import BarrageCore
import BarrageMetrics
import Foundation

/// Checks that a protocol client keeps the `Client` contract, against real peers: a third party runs it in
/// its own tests with its factory, exactly as every built-in client does.
///
/// It checks that the client
/// - executes a working step, reporting bytes sent and received;
/// - turns a refused connection, a peer that never answers and a reset into categorised failed samples, never a
///   crash or a hang, and goes on working afterwards;
/// - never blocks its worker's loop: a timer on the same worker keeps firing on time throughout;
/// - ends a pending wait promptly with `interrupted` when the run aborts;
/// - releases every file descriptor on `close()` (counted in `/proc/self/fd`).
///
/// The descriptor check counts the whole process's descriptors: run conformance tests one at a time
/// (`@Suite(.serialized)`, and `swift test --no-parallel` when other tests open sockets meanwhile).
public struct ClientConformance: Sendable {
    /// The steps the checks execute, made with the client's own factory.
    public struct Steps: Sendable {
        /// A step that succeeds against a live server.
        public var working: any StepDefinition
        /// A step aimed at a port nobody listens on (`ConformanceServers.closedPort()`).
        public var refused: any StepDefinition
        /// A step aimed at a peer that never answers (`SilentServer`), with a short timeout (≤ 2 s).
        public var hanging: any StepDefinition
        /// What the hanging step must fail with: `timeout` (or, for datagrams, `datagram_lost`).
        public var hangingError: ErrorKind
        /// A step aimed at a peer that resets the connection (`ResettingServer`), for connection-based protocols.
        public var reset: (any StepDefinition)?

        /// Makes the steps.
        public init(
            working: any StepDefinition,
            refused: any StepDefinition,
            hanging: any StepDefinition,
            hangingError: ErrorKind = .timeout,
            reset: (any StepDefinition)? = nil
        ) {
            self.working = working
            self.refused = refused
            self.hanging = hanging
            self.hangingError = hangingError
            self.reset = reset
        }
    }

    /// What the checks found.
    public struct Report: Sendable, CustomStringConvertible {
        /// The checks that held.
        public var passed: [String] = []
        /// The checks that did not, each with what was seen.
        public var failures: [String] = []

        /// Whether every check held.
        public var conforms: Bool { failures.isEmpty }

        public var description: String {
            (passed.map { "ok: \($0)" } + failures.map { "FAILED: \($0)" }).joined(separator: "\n")
        }

        mutating func check(_ condition: Bool, _ name: String, _ seen: @autoclosure () -> String) {
            if condition { passed.append(name) } else { failures.append("\(name) — \(seen())") }
        }
    }

    /// The factory under test.
    public let factory: any ClientFactory
    /// The protocol name to make sessions for.
    public let protocolName: String
    /// The steps to execute.
    public let steps: Steps
    /// How late the loop may run a 5 ms timer before it counts as blocked (generous for loaded CI machines).
    public var allowedLoopStall: UInt64 = 250_000_000

    /// Makes a verifier.
    public init(factory: any ClientFactory, protocolName: String, steps: Steps) {
        self.factory = factory
        self.protocolName = protocolName
        self.steps = steps
    }

    /// Runs every check on a worker of its own and reports what held.
    public func verify() async -> Report {
        let worker = Worker(index: 0)
        worker.start()
        defer { worker.shutdown() }
        return await Task(executorPreference: worker) { await run(on: worker) }.value
    }

    /// The loop-responsiveness probe: a 5 ms precise timer on the worker, recording its worst lateness.
    final class LoopProbe: @unchecked Sendable {
        var worstLateness: UInt64 = 0
        var running = true
        var timer: PreciseTimer?
    }

    private func run(on worker: Worker) async -> Report {
        var report = Report()
        let probe = LoopProbe()
        let ticker = Task(executorPreference: worker) {
            let timer = PreciseTimer(worker: worker, interruptible: false)
            probe.timer = timer
            var due = MonotonicClock.now() + 5_000_000
            while probe.running {
                _ = await timer.sleep(until: due)
                let now = MonotonicClock.now()
                if probe.running, now > due { probe.worstLateness = max(probe.worstLateness, now - due) }
                due = now + 5_000_000
            }
            timer.close()
        }
        while probe.timer == nil { await Task.yield() }
        // Pauses go through the worker's own timer: `Task.sleep` would make the global executor open descriptors
        // of its own, which would count against the client.
        let pause = PreciseTimer(worker: worker, interruptible: false)
        func sleep(milliseconds: UInt64) async {
            _ = await pause.sleep(until: MonotonicClock.now() + milliseconds * 1_000_000)
        }
        // A warm-up session first: state a protocol keeps once per worker for the worker's whole life (a libcurl
        // multi handle and its wake-up pair) is made now, so only what a session holds is counted below.
        let warmUp = factory.makeClient(
            context: ClientContext(worker: worker, vu: 1, scenario: "conformance", protocolName: protocolName)
        )
        _ = await warmUp.execute(steps.working, context: StepContext(vu: 1, iteration: 0, stepIndex: 0))
        await warmUp.close()
        var descriptorsBefore = Self.openDescriptors()
        for _ in 0..<20 {
            await sleep(milliseconds: 50)
            let settled = Self.openDescriptors()
            if settled == descriptorsBefore { break }
            descriptorsBefore = settled
        }
        let client = factory.makeClient(
            context: ClientContext(worker: worker, vu: 0, scenario: "conformance", protocolName: protocolName)
        )
        var iteration = 0
        // Each step has its own index, as in a flow: clients may keep per-step state (a prepared request).
        func execute(_ step: any StepDefinition, index: Int) async -> (sample: Sample, seconds: Double) {
            let started = MonotonicClock.now()
            let sample = await client.execute(step, context: StepContext(vu: 0, iteration: iteration, stepIndex: index))
            iteration += 1
            return (sample, Double(MonotonicClock.now() - started) / 1e9)
        }

        let working = await execute(steps.working, index: 0)
        report.check(
            working.sample.error == nil,
            "a working step succeeds",
            "failed with \(String(describing: working.sample.error))"
        )
        report.check(
            working.sample.bytesSent > 0,
            "a working step reports bytes sent",
            "bytesSent \(working.sample.bytesSent)"
        )
        report.check(
            working.sample.bytesReceived > 0,
            "a working step reports bytes received",
            "bytesReceived \(working.sample.bytesReceived)"
        )
        report.check(working.sample.end >= working.sample.start, "samples end after they start", "start after end")

        let refused = await execute(steps.refused, index: 1)
        report.check(
            refused.sample.error == .connectRefused,
            "a refused connection is counted as connect_refused",
            "got \(String(describing: refused.sample.error))"
        )
        report.check(refused.seconds < 5, "a refused connection fails promptly", "took \(refused.seconds) s")

        let hanging = await execute(steps.hanging, index: 2)
        report.check(
            hanging.sample.error == steps.hangingError,
            "a peer that never answers is counted as \(steps.hangingError.name)",
            "got \(String(describing: hanging.sample.error))"
        )
        report.check(hanging.seconds < 10, "a hanging step ends at its timeout", "took \(hanging.seconds) s")

        if let reset = steps.reset {
            let outcome = await execute(reset, index: 3)
            let error = outcome.sample.error
            report.check(
                error == .connectionReset || error == .closedByPeer,
                "a reset connection is counted as connection_reset or closed_by_peer",
                "got \(String(describing: error))"
            )
        }

        let again = await execute(steps.working, index: 0)
        report.check(
            again.sample.error == nil,
            "the client works again after failures",
            "failed with \(String(describing: again.sample.error))"
        )
        report.check(
            probe.worstLateness < allowedLoopStall,
            "the worker's loop is never blocked (a 5 ms timer stays on time)",
            "a timer ran \(probe.worstLateness / 1_000_000) ms late"
        )

        // Last, because an abort is final for the worker: a pending wait must end with `interrupted`.
        let abortTimer = PreciseTimer(worker: worker, interruptible: false)
        let abort = Task(executorPreference: worker) {
            _ = await abortTimer.sleep(until: MonotonicClock.now() + 100_000_000)
            worker.abortAllWaits()
        }
        let interrupted = await execute(steps.hanging, index: 2)
        await abort.value
        abortTimer.close()
        report.check(
            interrupted.sample.error == .interrupted,
            "an aborted wait ends the step with interrupted",
            "got \(String(describing: interrupted.sample.error))"
        )
        report.check(interrupted.seconds < 1.5, "an aborted step returns promptly", "took \(interrupted.seconds) s")

        await client.close()
        // The peers close their ends when they notice: give them a moment, since they count in this process too.
        var descriptorsAfter = Self.openDescriptors()
        for _ in 0..<20 where descriptorsAfter > descriptorsBefore {
            await sleep(milliseconds: 50)
            descriptorsAfter = Self.openDescriptors()
        }
        pause.close()
        report.check(
            descriptorsAfter <= descriptorsBefore,
            "close() releases every file descriptor",
            "\(descriptorsBefore) open before, \(descriptorsAfter) after"
        )
        probe.running = false
        probe.timer?.wake()
        await ticker.value
        return report
    }

    /// How many file descriptors this process has open.
    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }
}
