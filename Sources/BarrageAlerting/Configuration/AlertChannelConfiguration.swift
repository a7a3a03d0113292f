/// One configured alert channel, before it is connected to the run (the console needs the run's output).
public enum AlertChannelConfiguration: Sendable {
    /// Lines on the run's standard error.
    case console(AlertDeliverySettings)
    /// A Slack incoming webhook.
    case slack(SlackChannel)
    /// A generic JSON webhook.
    case webhook(WebhookChannel)
    /// Email over SMTP.
    case email(EmailChannel)

    /// The channel, with `console` printing through `write`.
    public func channel(console write: @escaping @Sendable (String) -> Void) -> any AlertChannel {
        switch self {
        case .console(let settings): ConsoleChannel(settings: settings, write: write)
        case .slack(let channel): channel
        case .webhook(let channel): channel
        case .email(let channel): channel
        }
    }
}
