import BarrageCore
import CLibPQ

/// What a step's statements returned, kept as text for its `extract:` entries: the rows of the last statement
/// that returned rows (up to `rowLimit`), and the command tag of the last statement other than `BEGIN`,
/// `COMMIT` or `ROLLBACK` (`INSERT 0 1`, `SELECT 3`).
struct ResultRows {
    /// The most rows kept.
    static let rowLimit = 1000

    /// Column names, in order.
    private(set) var columns: [String] = []
    /// Row values (nil for NULL), `columns.count` each.
    private(set) var rows: [[String?]] = []
    /// The last command tag.
    private(set) var tag: String?

    /// Whether it holds nothing.
    var isEmpty: Bool { columns.isEmpty && rows.isEmpty && tag == nil }

    /// Forgets everything (before a step).
    mutating func reset() {
        columns = []
        rows = []
        tag = nil
    }

    /// Keeps what a successful `result` holds.
    mutating func keep(_ result: OpaquePointer, status: ExecStatusType) {
        let command = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        if !["BEGIN", "COMMIT", "ROLLBACK"].contains(command) { tag = command }
        guard status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE else { return }
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        rows = (0..<min(Int(PQntuples(result)), Self.rowLimit)).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
    }

    /// The text of `field`: a column of a row, the first column of the first row (body), or the tag (status).
    func text(_ field: ResponseField) -> String? {
        switch field {
        case .body:
            return rows.first?.first ?? nil
        case .status:
            return tag
        case .column(let name, let row):
            guard let index = columns.firstIndex(of: name), row < rows.count else { return nil }
            return rows[row][index]
        case .header:
            return nil
        }
    }
}
