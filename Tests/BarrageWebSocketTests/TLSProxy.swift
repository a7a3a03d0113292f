import BarrageTesting
import Foundation
import Glibc

/// A real nginx (Debian's) started for one test: TLS on a free loopback port with a self-signed certificate for
/// 127.0.0.1 made with `openssl`, proxying WebSocket upgrades to the embedded target's WebSocket port.
///
/// Starting fails loudly when nginx or openssl is missing (`apt-get install nginx-light openssl`).
struct TLSProxy {
    /// Why nginx could not be started.
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let directory: URL
    /// The TLS port; `wss://127.0.0.1:tlsPort/echo` reaches the target's `/echo`.
    let tlsPort: Int
    let process: Process

    /// Starts nginx in front of `127.0.0.1:targetPort`, and waits until it accepts.
    ///
    /// openssl and the port polling block, so they run on a thread of their own, off the concurrency pool.
    static func start(targetPort: Int) async throws -> TLSProxy {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try startBlocking(targetPort: targetPort) })
            }
        }
    }

    private static func executable(_ name: String) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"] {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw StartError(description: "\(name) is not installed: apt-get install nginx-light openssl")
    }

    private static func run(_ executable: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StartError(description: "\(executable) \(arguments.joined(separator: " ")) failed")
        }
    }

    private static func startBlocking(targetPort: Int) throws -> TLSProxy {
        let nginx = try executable("nginx")
        let openssl = try executable("openssl")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("barrage-ws-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("tmp"),
            withIntermediateDirectories: true
        )
        try run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "server.key", "-out", "server.pem", "-days", "2", "-subj", "/CN=barrage-ws-test",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            in: directory
        )
        let port = ConformanceServers.closedPort()
        let path = directory.path
        let configuration = """
            worker_processes 1;
            master_process off;
            daemon off;
            pid \(path)/nginx.pid;
            error_log \(path)/error.log;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(path)/tmp/body;
                proxy_temp_path \(path)/tmp/proxy;
                fastcgi_temp_path \(path)/tmp/fastcgi;
                uwsgi_temp_path \(path)/tmp/uwsgi;
                scgi_temp_path \(path)/tmp/scgi;
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(path)/server.pem;
                    ssl_certificate_key \(path)/server.key;
                    location / {
                        proxy_pass http://127.0.0.1:\(targetPort);
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection "upgrade";
                        proxy_read_timeout 60s;
                    }
                }
            }
            """
        try configuration.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", path, "-e", "\(path)/error.log", "-c", "\(path)/nginx.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let proxy = TLSProxy(directory: directory, tlsPort: port, process: process)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if accepts(port) { return proxy }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        proxy.stop()
        throw StartError(description: "nginx did not start on port \(port): \(log)")
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Stops nginx (SIGKILL: a child of the test runner inherits its blocked signals) and removes its directory.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
