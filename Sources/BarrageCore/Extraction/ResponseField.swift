/// A part of the last response a client received, as text: what an extraction reads.
public enum ResponseField: Sendable, Equatable, CustomStringConvertible {
    /// The body (HTTP), the received bytes (TCP/UDP), the matched message (WebSocket), the first column of
    /// the first row (PostgreSQL), the reply (Redis).
    case body
    /// The status: HTTP's status code, PostgreSQL's command tag.
    case status
    /// A response header (HTTP, WebSocket handshake), by name, case-insensitive.
    case header(String)
    /// A column of a result row (SQL), by name, in row `row` (0-based).
    case column(String, row: Int)

    /// How a scenario writes it.
    public var description: String {
        switch self {
        case .body: "body"
        case .status: "status"
        case .header(let name): "header '\(name)'"
        case .column(let name, let row): "column '\(name)' of row \(row)"
        }
    }
}
