/// A destination for alerts: Slack, a webhook, email, the console.
///
/// `deliver` is called on the channel's own background thread (never on a worker's loop) and may block up to
/// `timeout`; it throws when the message was not accepted. Implementations must keep secrets (tokens in URLs,
/// passwords, header values) out of `name` and out of their errors.
public protocol AlertChannel: Sendable {
    /// A name safe to print: the kind and where it goes, without secrets, e.g. `slack (hooks.slack.com)`.
    var name: String { get }
    /// When to send, rate limit, timeout and retries.
    var settings: AlertDeliverySettings { get }
    /// Sends one alert, waiting at most `timeout` nanoseconds.
    func deliver(_ event: AlertEvent, timeout: UInt64) throws(AlertDeliveryError)
}
