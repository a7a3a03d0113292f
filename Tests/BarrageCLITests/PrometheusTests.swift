import BarrageCore
import BarrageMetrics
import BarrageTarget
import BarrageTesting
import Foundation
import Testing

/// `--prometheus` scraped by a real Prometheus server (Debian's `prometheus`): three segment processes of
/// one run, started together with `--start-at`; Prometheus' sum of their request counters agrees with the
/// merged result, and a failure counter carries its error kind.
@Suite(.timeLimit(.minutes(2)))
struct PrometheusTests {
    static let prometheusBinary = "/usr/bin/prometheus"

    @Test func prometheusSumsTheSegmentsToTheMergedTotal() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.prometheusBinary) else {
            Issue.record("Debian's prometheus package is required (scripts/install-deps.sh test installs it)")
            return
        }
        let server = try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1))
        let folder = CLIHarness.temporaryFolder()
        let ports = (0..<4).map { _ in Self.freePort() }
        let config = folder + "/prometheus.yml"
        try """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: barrage
            static_configs:
              - targets: [\(ports[0..<3].map { "\"127.0.0.1:\($0)\"" }.joined(separator: ", "))]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: Self.prometheusBinary)
        prometheus.arguments = [
            "--config.file=\(config)", "--storage.tsdb.path=\(folder)/tsdb",
            "--web.listen-address=127.0.0.1:\(ports[3])",
        ]
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = FileHandle.nullDevice
        try prometheus.run()
        defer { prometheus.terminate() }

        let scenario = CLIHarness.file(
            """
            scenarios:
              echo:
                load: {model: constant-rate, rate: 300/s, duration: 5s, max_in_flight: 100}
                flow:
                  - name: echo
                    tcp: {address: "127.0.0.1:\(server.ports.tcp)", send: "x\\n", read: line}
              refused:
                load: {model: constant-rate, rate: 20/s, duration: 5s, max_in_flight: 20}
                flow:
                  - name: nothing listens
                    tcp: {address: "127.0.0.1:1", send: "x\\n", read: line}
            """
        )
        let startAt = RFC3339.format(unixMilliseconds: Int64(WallClock.now() / 1_000_000) + 3000)
        var processes: [Process] = []
        for segment in 0..<3 {
            let process = Process()
            process.executableURL = try barrageExecutable()
            process.arguments = [
                "run", scenario, "--segment", "\(segment)/3", "--start-at", startAt, "--workers", "1", "--quiet",
                "--prometheus", "127.0.0.1:\(ports[segment])", "--prometheus-linger", "10s",
                "--out", "\(folder)/part\(segment)",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        // Each process writes its result, then lingers with its final counters: once every result is written,
        // ask Prometheus until its scrapes have caught up (a loaded machine starts Prometheus and the processes
        // late, so no fixed wait is safe).
        let resultPaths = (0..<3).map { "\(folder)/part\($0)/result.json" }
        let written = Date().addingTimeInterval(60)
        while Date() < written, !resultPaths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let parts = try resultPaths.map { try RunResult.read(path: $0) }
        let merged = try RunResult.merge(parts)
        let total = Double(merged.totalSamples)
        let mergedRefused = Double(merged.scenarios[1].steps[0].errors["connect_refused"] ?? 0)
        var requests = -1.0
        var refused = -1.0
        var segments = -1.0
        let caughtUp = Date().addingTimeInterval(7)
        repeat {
            try await Task.sleep(nanoseconds: 300_000_000)
            requests = try await Self.query(port: ports[3], "sum(barrage_requests_total)")
            refused = try await Self.query(
                port: ports[3],
                "sum(barrage_failures_total{scenario=\"refused\",error=\"connect_refused\"})"
            )
            segments = try await Self.query(port: ports[3], "count(barrage_info)")
        } while Date() < caughtUp && (segments != 3 || abs(requests - total) > total * 0.01)
        for process in processes { process.waitUntilExit() }
        try await server.stop()

        #expect(segments == 3)
        #expect(merged.totalSamples > 1000)
        #expect(abs(requests - total) <= total * 0.01, "Prometheus \(requests), merged \(total)")
        #expect(mergedRefused > 0)
        #expect(abs(refused - mergedRefused) <= max(1, mergedRefused * 0.01))
    }

    /// One instant query's scalar result through Prometheus' HTTP API (asked with Python's urllib: this
    /// Foundation has no HTTP client).
    static func query(port: Int, _ expression: String) async throws -> Double {
        let script = """
            import json, sys, urllib.parse, urllib.request
            url = "http://127.0.0.1:%s/api/v1/query?" % sys.argv[1] + urllib.parse.urlencode({"query": sys.argv[2]})
            result = json.load(urllib.request.urlopen(url, timeout=5))["data"]["result"]
            print(result[0]["value"][1] if result else -1)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(port), expression]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// A free loopback TCP port.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
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
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
