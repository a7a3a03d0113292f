import Foundation
import Testing

/// A real `redis-server` the tests start themselves: on a free loopback port, in its own temporary folder,
/// with nothing saved to disk; `stop()` ends it and removes the folder.
final class RedisServer: @unchecked Sendable {
    /// Why a server could not be used.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    let password: String?
    private let process: Process
    private let folder: String

    /// The server's `host:port`.
    var address: String { "127.0.0.1:\(port)" }

    private init(port: Int, password: String?, process: Process, folder: String) {
        self.port = port
        self.password = password
        self.process = process
        self.folder = folder
    }

    /// Starts a server (with `--requirepass` when `password` is given) and waits until it answers PING.
    static func start(password: String? = nil) async throws -> RedisServer {
        let executable = "/usr/bin/redis-server"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(
                description: "redis-server is not installed: run examples/redis-client/test.sh, "
                    + "or apt-get install -y redis-server redis-tools"
            )
        }
        let folder = NSTemporaryDirectory() + "barrage-redis-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for _ in 0..<5 {
            let port = freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            var arguments = [
                "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder,
                "--daemonize", "no", "--logfile", folder + "/redis.log",
            ]
            if let password { arguments += ["--requirepass", password] }
            process.arguments = arguments
            try process.run()
            let server = RedisServer(port: port, password: password, process: process, folder: folder)
            if await server.waitUntilReady() { return server }
            server.terminate()
        }
        let log = (try? String(contentsOfFile: folder + "/redis.log", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: folder)
        throw Failure(description: "redis-server did not start on loopback within 5 tries; its log:\n\(log)")
    }

    /// Runs one command with `redis-cli` and returns its raw output (for counting what the server executed).
    func cli(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        var all = ["-h", "127.0.0.1", "-p", "\(port)", "--no-auth-warning"]
        if let password { all += ["-a", password] }
        process.arguments = all + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice  // "Could not connect" while the server starts
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// How many times the server executed `command` (from `INFO commandstats`), 0 if never.
    func calls(of command: String) throws -> Int {
        let stats = try cli(["INFO", "commandstats"])
        let prefix = "cmdstat_\(command.lowercased()):calls="
        guard let line = stats.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(prefix) }) else {
            return 0
        }
        return Int(line.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
    }

    /// A number from `INFO` (e.g. `total_connections_received`).
    func info(_ field: String) throws -> Int {
        let text = try cli(["INFO"])
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(field + ":") }) else {
            return -1
        }
        return Int(line.dropFirst(field.count + 1).prefix { $0.isNumber }) ?? -1
    }

    /// Ends the server and removes its folder.
    func stop() {
        terminate()
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func terminate() {
        guard process.isRunning else { return }
        // SIGKILL, not SIGTERM: while Barrage's CLI runs in-process (some tests do that) it sets SIGTERM to
        // SIG_IGN and handles it itself, and a child started meanwhile keeps ignoring it across exec. Nothing is
        // saved, so nothing is lost.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func waitUntilReady() async -> Bool {
        for _ in 0..<100 {
            guard process.isRunning else { return false }
            if let reply = try? cli(["PING"]), reply.contains("PONG") || reply.contains("NOAUTH") { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }

    /// A loopback TCP port nothing listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
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
}
