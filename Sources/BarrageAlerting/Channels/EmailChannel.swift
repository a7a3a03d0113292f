import BarrageMetrics
import CCurl
import Foundation

/// Email over SMTP with libcurl: STARTTLS on `smtp://` (required unless `starttls` is off), implicit TLS on
/// `smtps://`, optional login. The password and the username never appear in any output.
public struct EmailChannel: AlertChannel {
    /// `smtp://host:port` or `smtps://host:port`.
    public let url: String
    /// Whether `smtp://` must upgrade with STARTTLS (the default); off only for a trusted local relay.
    public let startTLS: Bool
    /// The login, if the server wants one.
    public let username: String?
    /// The password (a secret: from `${ENV}`).
    public let password: String?
    /// The sender address.
    public let from: String
    /// The recipients.
    public let to: [String]
    /// A CA bundle to verify the server's certificate with, instead of the system's.
    public let caFile: String?
    /// When and how to send.
    public let settings: AlertDeliverySettings

    /// An email channel.
    public init(
        url: String,
        startTLS: Bool = true,
        username: String? = nil,
        password: String? = nil,
        from: String,
        to: [String],
        caFile: String? = nil,
        settings: AlertDeliverySettings = AlertDeliverySettings()
    ) {
        self.url = url
        self.startTLS = startTLS
        self.username = username
        self.password = password
        self.from = from
        self.to = to
        self.caFile = caFile
        self.settings = settings
    }

    /// `email (smtp://host:port)`.
    public var name: String { "email (\(HTTPPost.origin(of: url)))" }

    /// The subject line: ASCII, or RFC 2047 encoded when the plan's name is not.
    public static func subject(_ event: AlertEvent) -> String {
        let text: String
        switch event.kind {
        case .fail, .recover:
            let verdict = event.verdict
            text =
                "[barrage] \(event.kind == .fail ? "FAIL" : "RECOVERED") \(verdict?.threshold ?? "") "
                + "[\(verdict?.scope ?? "")] - \(event.plan)"
        case .end:
            let outcome =
                event.status == "interrupted"
                ? "INTERRUPTED" : event.status == "aborted" ? "ABORTED" : event.passed ? "PASSED" : "FAILED"
            text = "[barrage] \(outcome) \(event.plan) (run \(event.runID))"
        }
        if text.allSatisfy({ $0.isASCII && $0 != "\n" && $0 != "\r" }) { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// The whole message, headers and body, with CRLF line ends.
    public func message(_ event: AlertEvent, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "Date: \(formatter.string(from: date))",
            "From: <\(from)>",
            "To: \(to.map { "<\($0)>" }.joined(separator: ", "))",
            "Subject: \(Self.subject(event))",
            "Message-ID: <\(event.runID)-\(event.kind.rawValue)-\(event.second)-\(UUID().uuidString)@barrage>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Barrage-Run-ID: \(event.runID)",
            "X-Barrage-Event: \(event.kind.rawValue)",
        ]
        let body = [event.headline, ""] + event.bodyLines
        return (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
    }

    /// Sends the event's message to every recipient.
    public func deliver(_ event: AlertEvent, timeout: UInt64) throws(AlertDeliveryError) {
        let redactor = SecretRedactor([password, username].compactMap { $0 })
        do {
            let request = try CurlRequest(url: url, timeout: timeout)
            if url.lowercased().hasPrefix("smtps://") || startTLS {
                try request.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            }
            if let caFile { try request.set(CURLOPT_CAINFO, caFile) }
            if let username { try request.set(CURLOPT_USERNAME, username) }
            if let password { try request.set(CURLOPT_PASSWORD, password) }
            try request.set(CURLOPT_MAIL_FROM, "<\(from)>")
            try request.set(CURLOPT_MAIL_RCPT, list: to.map { "<\($0)>" })
            try request.upload(Array(message(event).utf8))
            _ = try request.perform()
        } catch {
            throw AlertDeliveryError(redactor.redact(error.message), isRetryable: error.isRetryable)
        }
    }
}
