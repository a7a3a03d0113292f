import CCurl
import Foundation
import Glibc

/// A real nginx from Debian, started for one test on free loopback ports with a temporary configuration and
/// certificates made with `openssl`: a test CA, a server certificate for 127.0.0.1 signed by it, and a
/// client certificate. Speaks HTTP/1.1 (`plainPort`), cleartext HTTP/2 with prior knowledge (`h2cPort`) and
/// HTTPS with ALPN h2 (`tlsPort`).
///
/// Starting fails loudly when nginx or openssl is missing (`apt-get install nginx-light openssl`).
struct NginxServer {
    /// Why nginx could not be started.
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let directory: URL
    let plainPort: Int
    let h2cPort: Int
    let tlsPort: Int
    let process: Process

    /// The test CA's certificate (PEM), which signed the server and client certificates.
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    /// A client certificate the server accepts, and its key.
    var clientCertificate: String { directory.appendingPathComponent("client.pem").path }
    var clientKey: String { directory.appendingPathComponent("client.key").path }

    static func executable(_ name: String) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"] {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw StartError(description: "\(name) is not installed: apt-get install nginx-light openssl")
    }

    @discardableResult
    static func shell(_ executable: String, _ arguments: [String], in directory: URL) throws -> Int32 {
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
        return process.terminationStatus
    }

    /// Makes certificates and a configuration, starts nginx, and waits until every port accepts.
    ///
    /// The work (openssl runs, polling the ports) blocks, so it runs on a thread of its own: blocking the
    /// concurrency pool's two threads would stall every other test running in parallel.
    static func start() async throws -> NginxServer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try startBlocking() })
            }
        }
    }

    private static func startBlocking() throws -> NginxServer {
        let nginx = try executable("nginx")
        let openssl = try executable("openssl")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("barrage-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("www"),
            withIntermediateDirectories: true
        )
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("tmp"),
            withIntermediateDirectories: true
        )
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try shell(
            openssl,
            ["req", "-x509"] + curve + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Barrage Test CA",
            ],
            in: directory
        )
        for (name, extensions) in [
            ("server", "subjectAltName=IP:127.0.0.1,DNS:localhost"), ("client", "extendedKeyUsage=clientAuth"),
        ] {
            try shell(
                openssl,
                ["req"] + curve + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=barrage-\(name)"],
                in: directory
            )
            try extensions.write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try shell(
                openssl,
                [
                    "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
                ],
                in: directory
            )
        }
        try String(repeating: "barrage compresses well. ", count: 200)
            .write(to: directory.appendingPathComponent("www/big.txt"), atomically: true, encoding: .utf8)

        let (plain, h2c, tls) = (HTTPRunHarness.freePort(), HTTPRunHarness.freePort(), HTTPRunHarness.freePort())
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
                default_type text/plain;
                client_body_temp_path \(path)/tmp/body;
                proxy_temp_path \(path)/tmp/proxy;
                fastcgi_temp_path \(path)/tmp/fastcgi;
                uwsgi_temp_path \(path)/tmp/uwsgi;
                scgi_temp_path \(path)/tmp/scgi;
                gzip on;
                gzip_min_length 1;
                gzip_types text/plain;
                server {
                    listen 127.0.0.1:\(plain);
                    listen 127.0.0.1:\(h2c) http2;
                    listen 127.0.0.1:\(tls) ssl http2;
                    ssl_certificate \(path)/server.pem;
                    ssl_certificate_key \(path)/server.key;
                    ssl_client_certificate \(path)/ca.pem;
                    ssl_verify_client optional;
                    root \(path)/www;
                    location = /protocol { return 200 "$server_protocol"; }
                    location = /set-cookie { add_header Set-Cookie "session=s3cr3t; Path=/"; return 200 "set"; }
                    location = /show-cookie { return 200 "cookie=[$http_cookie]"; }
                    location = /short-keepalive { keepalive_timeout 200ms; return 200 "ok"; }
                    location = /redirect { return 302 /protocol; }
                    location = /loop { return 302 /loop; }
                    location = /client-cert {
                        if ($ssl_client_verify != SUCCESS) { return 403; }
                        return 200 "client=$ssl_client_s_dn";
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
        let server = NginxServer(directory: directory, plainPort: plain, h2cPort: h2c, tlsPort: tls, process: process)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if [plain, h2c, tls].allSatisfy(accepts) { return server }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        server.stop()
        throw StartError(description: "nginx did not start on ports \(plain), \(h2c), \(tls): \(log)")
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

    /// Stops nginx and removes its directory.
    ///
    /// SIGKILL, not SIGTERM: a child started by `Process` here inherits the test runner's blocked signals, so
    /// nginx would never see a SIGTERM. With `master_process off` there is one process and nothing to clean up.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
