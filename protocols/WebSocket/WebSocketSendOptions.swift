/// What a `send` step sends, and what answer it waits for.
public struct WebSocketSendOptions: Sendable {
    /// The message as written. Read only in `WebSocketClient.execute` (its `.send` case).
    public var text: String
    /// Send the text's UTF-8 as a binary frame instead of a text frame.
    public var binary: Bool
    /// Wait for a message that matches; the sample then spans send → match.
    public var expect: MessageMatch?
}
