import BarrageMetrics
import BarrageTarget
import BarrageTesting
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SignalTests {
    @Test func sigintStopsGracefullyWritesTheResultAndExits130() async throws {
        let server = try await TargetServer.start(TargetConfiguration.ephemeral())
        let folder = CLIHarness.temporaryFolder()
        let process = Process()
        process.executableURL = try barrageExecutable()
        process.arguments = [
            "run", "--url", "tcp://127.0.0.1:\(server.ports.tcp)", "--send", "x\\n", "--users", "4", "--duration",
            "60s",
            "--quiet", "--out", folder,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let started = Date()
        kill(process.processIdentifier, SIGINT)
        while process.isRunning, Date().timeIntervalSince(started) < 15 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        try await server.stop()
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 130)
        #expect(Date().timeIntervalSince(started) < 7)
        let result = try RunResult.read(path: folder + "/result.json")
        #expect(result.status == .interrupted)
        #expect(result.scenarios[0].steps[0].count > 100)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.contains("stopping"))
    }
}

@Suite(.timeLimit(.minutes(1)))
struct TargetCommandTests {
    @Test func theTargetPrintsItsPortsAsOneJSONLineAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = try barrageExecutable()
        process.arguments = ["target", "--http", "0", "--ws", "0", "--tcp", "0", "--udp", "0", "--threads", "1"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = try #require(
            String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).split(separator: "\n").first
        )
        let ports = try JSONDecoder().decode([String: PortValue].self, from: Data(line.utf8))
        guard case .number(let tcp)? = ports["tcp"] else {
            Issue.record("no tcp port in \(line)")
            return
        }
        #expect(tcp > 0)
        // The TCP listener answers a line.
        let folder = CLIHarness.temporaryFolder()
        let outcome = await CLIHarness.run([
            "run", "--url", "tcp://127.0.0.1:\(tcp)", "--send", "hi\\n", "--iterations", "3", "--quiet", "--out",
            folder,
        ])
        #expect(outcome.status == 0)
        kill(process.processIdentifier, SIGTERM)
        let started = Date()
        while process.isRunning, Date().timeIntervalSince(started) < 10 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}

/// A JSON value of the ports line: the host is text, the ports are numbers.
enum PortValue: Decodable {
    case number(Int)
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
