import BarrageMetrics
import Foundation

/// A Slack incoming webhook: each alert is one message (`{"text": …}`); the URL is a secret (its path is the
/// token) and is only ever shown as its host.
public struct SlackChannel: AlertChannel {
    /// The incoming webhook's URL.
    public let url: String
    /// When and how to send.
    public let settings: AlertDeliverySettings

    /// A Slack channel posting to `url`.
    public init(url: String, settings: AlertDeliverySettings = AlertDeliverySettings()) {
        self.url = url
        self.settings = settings
    }

    /// `slack (https://hooks.slack.com)`.
    public var name: String { "slack (\(HTTPPost.origin(of: url)))" }

    /// The message's text: an emoji, the headline in bold, then one line per verdict and the report's path.
    public static func text(_ event: AlertEvent) -> String {
        let mark: String
        switch event.kind {
        case .fail: mark = ":red_circle:"
        case .recover: mark = ":large_green_circle:"
        case .end: mark = event.passed ? ":white_check_mark:" : ":x:"
        }
        return (["\(mark) *\(event.headline)*"] + event.bodyLines.map { "• " + $0 }).joined(separator: "\n")
    }

    /// POSTs `{"text": …}`.
    public func deliver(_ event: AlertEvent, timeout: UInt64) throws(AlertDeliveryError) {
        let body =
            (try? JSONSerialization.data(withJSONObject: ["text": Self.text(event)], options: [.sortedKeys]))
            .map(Array.init) ?? []
        try HTTPPost.send(url: url, headers: [], body: body, timeout: timeout, redactor: SecretRedactor([url]))
    }
}
