import Foundation

/// A real SMTP server on loopback (aiosmtpd, Debian's python3-aiosmtpd) that requires STARTTLS, accepts one
/// login, and writes every message it receives (envelope, login, raw content) as a JSON line to a file.
final class SMTPReceiver {
    /// One message as received.
    struct Message {
        var from: String
        var recipients: [String]
        var login: String?
        var content: String

        /// The value of header `name` in the content.
        func header(_ name: String) -> String? {
            for line in content.components(separatedBy: "\r\n") {
                if line.isEmpty { break }
                if line.lowercased().hasPrefix(name.lowercased() + ":") {
                    return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    static let script = """
        import asyncio, json, socket, ssl, sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult
        cert, key, log, user, password = sys.argv[1:6]
        class Handler:
            async def handle_DATA(self, server, session, envelope):
                login = session.auth_data if isinstance(session.auth_data, str) else None
                with open(log, "a") as out:
                    out.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "login": login,
                        "content": envelope.original_content.decode("utf-8", "replace")}) + "\\n")
                return "250 OK"
        def authenticate(server, session, envelope, mechanism, auth_data):
            if auth_data.login.decode() == user and auth_data.password.decode() == password:
                return AuthResult(success=True, auth_data=user)
            return AuthResult(success=False, handled=False)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context,
            require_starttls=True, authenticator=authenticate, auth_required=True)
        controller.start()
        print(port, flush=True)
        sys.stdin.read()
        controller.stop()
        """

    let port: Int
    let certificate: String
    private let log: String
    private let process: Process
    private let input: Pipe

    /// Makes a self-signed certificate for 127.0.0.1 and starts the server; fails loudly if it cannot.
    init(user: String, password: String) throws {
        let folder = NSTemporaryDirectory() + "barrage-smtp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        certificate = folder + "/cert.pem"
        let key = folder + "/key.pem"
        log = folder + "/messages.jsonl"
        try Self.script.write(toFile: folder + "/smtp.py", atomically: true, encoding: .utf8)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw SMTPReceiverError("openssl could not make a certificate") }

        process = Process()
        // Debian's python3, which has python3-aiosmtpd (another python3 on PATH may not).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [folder + "/smtp.py", certificate, key, log, user, password]
        let output = Pipe()
        input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw SMTPReceiverError("the SMTP server did not start (is python3-aiosmtpd installed?): '\(line)'")
        }
        self.port = port
    }

    /// Stops the server.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// The messages received so far.
    var messages: [Message] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            return Message(
                from: object["from"] as? String ?? "",
                recipients: object["to"] as? [String] ?? [],
                login: object["login"] as? String,
                content: object["content"] as? String ?? ""
            )
        }
    }

    /// Waits (generously) for `count` messages.
    func waitFor(_ count: Int, seconds: Double = 30) async -> [Message] {
        let deadline = Date().addingTimeInterval(seconds)
        while messages.count < count, Date() < deadline { try? await Task.sleep(nanoseconds: 50_000_000) }
        return messages
    }
}

/// The SMTP test server could not start.
struct SMTPReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
