import BarrageMetrics
import Foundation

/// A generic webhook: each alert is POSTed as JSON (see `AlertPayload`), with optional headers such as an
/// `Authorization` whose value never appears in any output.
public struct WebhookChannel: AlertChannel {
    /// Where to POST; may carry a token, so it is only ever shown as its origin.
    public let url: String
    /// Extra headers, `Name: value`.
    public let headers: [String]
    /// When and how to send.
    public let settings: AlertDeliverySettings
    private let redactor: SecretRedactor

    /// A webhook to `url` with `headers`.
    public init(url: String, headers: [String] = [], settings: AlertDeliverySettings = AlertDeliverySettings()) {
        self.url = url
        self.headers = headers
        self.settings = settings
        redactor = SecretRedactor(
            [url] + headers
                + headers.compactMap { $0.split(separator: ":").dropFirst().first }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        )
    }

    /// `webhook (http://host:port)`.
    public var name: String { "webhook (\(HTTPPost.origin(of: url)))" }

    /// POSTs the event's JSON.
    public func deliver(_ event: AlertEvent, timeout: UInt64) throws(AlertDeliveryError) {
        try HTTPPost.send(
            url: url,
            headers: headers,
            body: AlertPayload.json(event),
            timeout: timeout,
            redactor: redactor
        )
    }
}
