import BarrageCore

/// What a statement's result must look like: `expect: {rows: 1, column: {abalance: {equals: "0"}}, sqlstate: …}`.
///
/// A statement that fails with the expected SQLSTATE passes; one that succeeds although a SQLSTATE was
/// expected, or whose rows or values differ, fails with `check_failed`.
public struct ResultExpectation: Sendable {
    /// The number of rows returned (SELECT) or affected (INSERT, UPDATE, DELETE).
    public var rows: Int?
    /// Values the first row's columns must have.
    public var columns: [ColumnExpectation]
    /// The SQLSTATE the statement must fail with (e.g. "23505").
    public var sqlstate: String?

    /// Makes an expectation.
    public init(rows: Int? = nil, columns: [ColumnExpectation] = [], sqlstate: String? = nil) {
        self.rows = rows
        self.columns = columns
        self.sqlstate = sqlstate
    }

    /// Parses `expect:`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> ResultExpectation {
        let mapping = try node.mapping(allowedKeys: ["rows", "column", "sqlstate"])
        var expectation = ResultExpectation()
        if let rows = mapping["rows"] {
            expectation.rows = try rows.int()
            guard expectation.rows! >= 0 else { throw rows.error("rows must be zero or more") }
        }
        if let sqlstate = mapping["sqlstate"] {
            let text = try sqlstate.string()
            guard text.utf8.count == 5, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) else {
                throw sqlstate.error("a SQLSTATE is five digits or capital letters, such as 23505 or 40P01")
            }
            expectation.sqlstate = text
        }
        if let columns = mapping["column"] {
            guard case .mapping(let entries) = columns.value, !entries.isEmpty else {
                throw columns.error("column maps column names to checks, e.g. {abalance: {equals: \"0\"}}")
            }
            for entry in entries {
                expectation.columns.append(try ColumnExpectation.parse(name: entry.key, entry.value))
            }
        }
        return expectation
    }
}

/// A check on one column of the first row.
public struct ColumnExpectation: Sendable {
    /// The column's name as the result labels it.
    public var name: String
    /// The value, as PostgreSQL's text output writes it; nil means the value must be NULL.
    public var equals: String?

    /// Makes a check.
    public init(name: String, equals: String?) {
        self.name = name
        self.equals = equals
    }

    /// Parses `{equals: "…"}` or `{null: true}` for column `name`.
    static func parse(name: String, _ node: ConfigNode) throws(ConfigError) -> ColumnExpectation {
        let mapping = try node.mapping(allowedKeys: ["equals", "null"])
        if let equals = mapping["equals"] {
            guard mapping["null"] == nil else { throw node.error("a column check takes equals or null, not both") }
            return ColumnExpectation(name: name, equals: try equals.string())
        }
        guard let null = mapping["null"], try null.bool() else {
            throw node.error("a column check needs equals: \"value\" or null: true")
        }
        return ColumnExpectation(name: name, equals: nil)
    }
}
