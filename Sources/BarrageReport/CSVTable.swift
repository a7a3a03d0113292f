import Foundation

/// A CSV document (RFC 4180): a header and rows, every field quoted when it needs to be.
///
/// Written by hand because the rules are short: a field holding a comma, quote, CR or LF is enclosed in
/// quotes and its quotes doubled; lines end with CRLF.
public struct CSVTable: Sendable, Equatable {
    /// The column names.
    public var header: [String]
    /// The rows, each as long as the header.
    public var rows: [[String]]

    /// Makes a table.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as CSV text.
    public var text: String {
        var text = ""
        for row in [header] + rows {
            text += row.map(Self.quoted).joined(separator: ",")
            text += "\r\n"
        }
        return text
    }

    /// One field, quoted when it holds a separator, a quote or a line break.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
