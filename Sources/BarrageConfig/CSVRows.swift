/// CSV text (RFC 4180: commas, double-quoted fields with `""` for a quote, CRLF or LF line ends) as rows.
enum CSVRows {
    /// The rows of `text`; a blank line is skipped.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var fieldStarted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            if fieldStarted || !field.isEmpty || !row.isEmpty { row.append(field) }
            if !row.isEmpty { rows.append(row) }
            row = []
            field = ""
            fieldStarted = false
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                quoted = true
                fieldStarted = true
            case ",":
                row.append(field)
                field = ""
                fieldStarted = true
            case "\n", "\r\n", "\r":
                endRow()
            default:
                field.append(character)
            }
        }
        endRow()
        return rows
    }
}
