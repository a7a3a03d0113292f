import BarrageCore
import BarrageMetrics

/// A `postgres:` step: one statement, a transaction, or a pipelined batch, on the VU's connection for its
/// connection settings (made when first needed, made anew after it broke).
public struct PostgresStep: StepDefinition {
    /// What the step runs.
    public enum Action: Sendable {
        /// One statement.
        case query(PostgresStatement)
        /// `BEGIN`, the statements in order, `COMMIT`; `ROLLBACK` as soon as one fails.
        case transaction([PostgresStatement])
        /// The statements sent back to back in pipeline mode with one sync after the last; results read after.
        case pipeline([PostgresStatement])
    }

    /// Where to connect.
    public var connection: ConnectionSettings
    /// What to run.
    public var action: Action
    /// The whole step's timeout, ns (connecting included).
    public var timeout: UInt64
    /// The connect timeout, ns.
    public var connectTimeout: UInt64
    /// `pool: N`: the scenario's VUs share N connections for these settings (split exactly across workers)
    /// instead of one connection each; nil for one connection per VU.
    public var pool: Int?
    /// `monitor: true`: sample the server's pg_stat_activity and pg_stat_database once per second during the
    /// run, over a separate connection with these settings.
    public var monitor: Bool
    /// `per_statement: true` (pipelines only): one phase per statement of the batch, `statement_1` …, holding the
    /// time from the batch's send to that statement's result.
    public var perStatement: Bool = false

    /// Slot 0: connect time, when this step connected. Slot 1 (pooled steps): the wait for a free connection.
    /// Then, with `per_statement`, one slot per pipelined statement.
    public var phaseNames: [String] {
        let base = pool == nil ? ["connect"] : ["connect", "pool_wait"]
        guard perStatement else { return base }
        return base + (1...statementCount).map { "statement_\($0)" }
    }

    /// The phase slot of the first statement's timing, when the step records one per statement.
    var firstStatementSlot: Int? { perStatement ? (pool == nil ? 1 : 2) : nil }

    static let actionFields = ["query", "transaction", "pipeline"]
    static let statementFields = ["query", "params", "prepared", "expect"]
    static let fields =
        ["dsn"] + ConnectionSettings.fields + ["query", "params", "prepared", "expect"]
        + ["transaction", "pipeline", "timeout", "connect_timeout", "pool", "monitor", "per_statement"]

    /// Parses a `postgres:` step.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> PostgresStep {
        let mapping = try node.mapping(allowedKeys: fields)
        let present = actionFields.filter { mapping[$0] != nil }
        guard present.count == 1, let kind = present.first else {
            throw node.error("a postgres step takes exactly one of query, transaction or pipeline")
        }
        let preparedByDefault = try mapping["prepared"]?.bool() ?? false
        let action: Action
        switch kind {
        case "query":
            action = .query(try statement(from: mapping, preparedByDefault: preparedByDefault))
        case "transaction":
            for field in ["params", "expect"] where mapping[field] != nil {
                throw mapping[field]!.error("\(field) belongs to a statement of the transaction's list")
            }
            let items = try mapping.required("transaction")
            action = .transaction(try statements(from: items, preparedByDefault: preparedByDefault))
        default:
            for field in ["params", "expect"] where mapping[field] != nil {
                throw mapping[field]!.error("\(field) belongs to the pipeline's statements")
            }
            action = .pipeline(try pipeline(from: mapping.required("pipeline"), preparedByDefault: preparedByDefault))
        }
        let timeout = try mapping["timeout"]?.duration() ?? 10_000_000_000
        guard timeout > 0 else { throw mapping["timeout"]!.error("timeout must be longer than zero") }
        let connectTimeout = try mapping["connect_timeout"]?.duration() ?? min(timeout, 5_000_000_000)
        guard connectTimeout > 0 else {
            throw mapping["connect_timeout"]!.error("connect_timeout must be longer than zero")
        }
        var pool: Int?
        if let node = mapping["pool"] {
            let size = try node.int()
            guard (1...10_000).contains(size) else { throw node.error("pool must be between 1 and 10000 connections") }
            pool = size
        }
        var step = PostgresStep(
            connection: try ConnectionSettings.parse(mapping),
            action: action,
            timeout: timeout,
            connectTimeout: connectTimeout,
            pool: pool,
            monitor: try mapping["monitor"]?.bool() ?? false
        )
        if let node = mapping["per_statement"], try node.bool() {
            guard case .pipeline = action else { throw node.error("per_statement applies to a pipeline step") }
            let slots = PhaseTimings.capacity - (pool == nil ? 1 : 2)
            guard step.statementCount <= slots else {
                throw node.error(
                    "per_statement records one phase per statement: at most \(slots) statements in this pipeline, "
                        + "it has \(step.statementCount)"
                )
            }
            step.perStatement = true
        }
        return step
    }

    /// A statement from `query`, `params`, `prepared` and `expect` in `mapping`.
    static func statement(from mapping: ConfigMapping, preparedByDefault: Bool) throws(ConfigError) -> PostgresStatement
    {
        let queryNode = try mapping.required("query")
        let text = try queryNode.string()
        guard !text.allSatisfy(\.isWhitespace) else { throw queryNode.error("query is empty") }
        var parameters: [String?] = []
        var templates: [Template?] = []
        if let params = mapping["params"] {
            for item in try params.sequence() {
                let template = item.isNull ? nil : try item.template()
                parameters.append(template.map { $0.constantText ?? $0.description })
                templates.append(template)
            }
        }
        let dynamic = templates.contains { $0?.isConstant == false }
        return PostgresStatement(
            text: text,
            parameters: parameters,
            prepared: try mapping["prepared"]?.bool() ?? preparedByDefault,
            expectation: try mapping["expect"].map { node throws(ConfigError) in try ResultExpectation.parse(node) },
            parameterTemplates: dynamic ? templates : nil
        )
    }

    /// Statements from a list whose items are SQL text or `{query, params, prepared, expect}`.
    static func statements(from node: ConfigNode, preparedByDefault: Bool) throws(ConfigError) -> [PostgresStatement] {
        let items = try node.sequence()
        guard !items.isEmpty else { throw node.error("the list needs at least one statement") }
        var result: [PostgresStatement] = []
        for item in items {
            if case .scalar = item.value {
                let text = try item.string()
                guard !text.allSatisfy(\.isWhitespace) else { throw item.error("query is empty") }
                result.append(PostgresStatement(text: text, prepared: preparedByDefault))
            } else {
                let mapping = try item.mapping(allowedKeys: statementFields)
                result.append(try statement(from: mapping, preparedByDefault: preparedByDefault))
            }
        }
        return result
    }

    /// A pipeline's statements: a list, or `{query, params, prepared, expect, count}` repeated `count` times.
    static func pipeline(from node: ConfigNode, preparedByDefault: Bool) throws(ConfigError) -> [PostgresStatement] {
        if case .sequence = node.value { return try statements(from: node, preparedByDefault: preparedByDefault) }
        let mapping = try node.mapping(allowedKeys: statementFields + ["count"])
        let count = try mapping["count"]?.int() ?? 1
        guard (1...10_000).contains(count) else {
            throw mapping["count"]!.error("count must be between 1 and 10000")
        }
        let statement = try statement(from: mapping, preparedByDefault: preparedByDefault)
        return Array(repeating: statement, count: count)
    }

    /// How many statements the step sends (a transaction's BEGIN and COMMIT not counted).
    public var statementCount: Int {
        switch action {
        case .query: 1
        case .transaction(let statements), .pipeline(let statements): statements.count
        }
    }
}
