import BarrageCore

/// What a `send` step sends, and what answer it waits for.
public struct WebSocketSendOptions: Sendable {
    /// The message (its text when constant). Read only in `WebSocketClient.execute` (its `.send` case).
    public var text: String
    /// The message as a template, when it reads VU variables: rendered for every send instead of `text`.
    public var textTemplate: Template?
    /// Send the text's UTF-8 as a binary frame instead of a text frame.
    public var binary: Bool
    /// Wait for a message that matches; the sample then spans send → match.
    public var expect: MessageMatch?
}
