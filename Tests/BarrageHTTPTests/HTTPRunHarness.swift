import BarrageConfig
import BarrageCore
import BarrageHTTP
import BarrageMetrics
import BarrageTarget
import CCurl
import Foundation

/// Runs plans with the HTTP client against real servers on loopback (the embedded target, nginx).
enum HTTPRunHarness {
    static let registry = ClientRegistry([HTTPClientFactory()])
    static let loader = PlanLoader(registry: registry)

    /// Starts an embedded target on free loopback ports; stop it with `stop()`.
    static func startTarget(faults: FaultSet = FaultSet()) async throws -> TargetServer {
        try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1, faults: faults))
    }

    /// Parses a scenario written in YAML, as if from `file`.
    static func plan(_ yaml: String, file: String = "test.yaml") throws -> Plan {
        let root = try YAMLSource.parse(yaml, file: file)
        return try PlanLoader(registry: registry).plan(from: root, fallbackName: "test")
    }

    /// Parses a plan of one scenario `users` × `iterations` running `step` (the YAML of one `http:` mapping).
    static func plan(users: Int = 1, iterations: Int = 1, step: String) throws -> Plan {
        try plan(
            """
            scenarios:
              s:
                load: {model: per-user-iterations, users: \(users), iterations: \(iterations)}
                flow:
                  - http: \(step)
            """
        )
    }

    /// Runs `plan` to its end and returns the result.
    static func run(_ plan: Plan, workers: Int = 2) async -> RunResult {
        let run = LoadRun(plan: plan, registry: registry, options: RunOptions(workers: workers))
        return await run.run(environment: RunEnvironmentProbe.current(commandLine: ["test"], workers: workers))
    }

    /// Runs `users` × `iterations` of one step and returns its result.
    static func runStep(users: Int = 1, iterations: Int = 1, _ step: String) async throws -> StepResult {
        try await run(plan(users: users, iterations: iterations, step: step)).firstStep
    }

    /// A loopback TCP port nothing listens on (bound once, then released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = bind(fd, raw, length)
                _ = getsockname(fd, raw, &length)
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(fd)
        return port
    }

    /// One POST with libcurl's easy interface, for set-up steps (logging in); returns the body. It blocks, so it
    /// runs on a thread of its own rather than on the concurrency pool.
    static func post(_ url: String, body: String) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: postBlocking(url, body: body)) }
        }
    }

    private static func postBlocking(_ url: String, body: String) -> String {
        guard let easy = curl_easy_init() else { return "" }
        defer { curl_easy_cleanup(easy) }
        var received = Data()
        barrage_curl_easy_setopt_pointer(easy, CURLOPT_URL, url)
        barrage_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, body)
        barrage_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, 5000)
        withUnsafeMutablePointer(to: &received) { pointer in
            barrage_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, pointer)
            barrage_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, target in
                target!.assumingMemoryBound(to: Data.self).pointee.append(
                    UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self),
                    count: size * count
                )
                return size * count
            }
            curl_easy_perform(easy)
        }
        return String(decoding: received, as: UTF8.self)
    }
}

extension RunResult {
    /// The first scenario's first step.
    var firstStep: StepResult { scenarios[0].steps[0] }
}
