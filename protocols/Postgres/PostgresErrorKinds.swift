import BarrageMetrics

extension ErrorKind {
    // The Postgres band: 4000s.

    /// SQLSTATE 40001: a serializable or repeatable-read transaction could not be serialized; retry it.
    public static let serializationFailure = ErrorKind(code: 4001, name: "serialization_failure")
    /// SQLSTATE 40P01: the server broke a deadlock by failing this transaction.
    public static let deadlock = ErrorKind(code: 4002, name: "deadlock")
    /// SQLSTATE 23505: a unique or primary-key constraint was violated.
    public static let uniqueViolation = ErrorKind(code: 4003, name: "unique_violation")
    /// The connection broke while a step used it (server restart, backend terminated, socket error).
    public static let connectionLost = ErrorKind(code: 4004, name: "connection_lost")
    /// SQLSTATE 57014: the statement was cancelled (`statement_timeout`, `pg_cancel_backend`).
    public static let queryCanceled = ErrorKind(code: 4005, name: "query_canceled")
    /// SQLSTATE 42601: the SQL does not parse.
    public static let syntaxError = ErrorKind(code: 4006, name: "syntax_error")
    /// SQLSTATE 42P01, 42703, 42883, 42704 …: a table, column, function or other object does not exist.
    public static let undefinedObject = ErrorKind(code: 4007, name: "undefined_object")
    /// SQLSTATE 42501: the role lacks a privilege.
    public static let permissionDenied = ErrorKind(code: 4008, name: "permission_denied")
    /// A pipelined query the server skipped because an earlier query of its batch failed.
    public static let pipelineAborted = ErrorKind(code: 4009, name: "pipeline_aborted")
    /// SQLSTATE class 23 other than 23505: a foreign-key, not-null or check constraint was violated.
    public static let integrityViolation = ErrorKind(code: 4010, name: "integrity_violation")
    /// SQLSTATE class 28, or libpq's authentication failures: wrong password or role, or no pg_hba.conf entry.
    public static let authenticationFailed = ErrorKind(code: 4011, name: "authentication_failed")
    /// SQLSTATE class 53: the server ran out of a resource (too many connections, disk, memory).
    public static let serverResources = ErrorKind(code: 4012, name: "server_resources")
    /// SQLSTATE 57P03: the server is starting up, shutting down or in recovery and accepts no connection.
    public static let serverUnavailable = ErrorKind(code: 4013, name: "server_unavailable")
    /// Connecting failed for a reason no other kind describes (the message is in libpq's error text).
    public static let connectFailed = ErrorKind(code: 4014, name: "connect_failed")
    /// SQLSTATE 25P02 and other class 25 states: the statement ran in a transaction in the wrong state.
    public static let invalidTransactionState = ErrorKind(code: 4015, name: "invalid_transaction_state")
    /// SQLSTATE class 22: bad data (a parameter that is not a number, division by zero, a value too long).
    public static let dataException = ErrorKind(code: 4016, name: "data_exception")
    /// A pooled step found no free connection before its timeout (every connection of its worker's share of
    /// the pool was busy the whole time).
    public static let poolTimeout = ErrorKind(code: 4017, name: "pool_timeout")
    /// A pooled step's worker holds no connection of the pool (the pool is smaller than the number of workers
    /// times segments); reported after waiting the step's timeout, so the VU does not spin.
    public static let poolEmpty = ErrorKind(code: 4018, name: "pool_empty")
    /// Any other SQLSTATE the server reported.
    public static let sqlError = ErrorKind(code: 4099, name: "sql_error")
}

/// Maps a SQLSTATE (five characters) to the error kind reports use.
enum SQLState {
    /// The kind for `state`; `connectionBroken` says whether libpq saw the connection fail with it.
    static func kind(_ state: String, connectionBroken: Bool = false) -> ErrorKind {
        switch state {
        case "40001": return .serializationFailure
        case "40P01": return .deadlock
        case "23505": return .uniqueViolation
        case "57014": return .queryCanceled
        case "42601": return .syntaxError
        case "42501": return .permissionDenied
        case "42P01", "42703", "42883", "42704", "42P02", "3D000", "3F000": return .undefinedObject
        case "57P01", "57P02": return .connectionLost
        case "57P03": return .serverUnavailable
        default: break
        }
        if connectionBroken { return .connectionLost }
        switch state.prefix(2) {
        case "23": return .integrityViolation
        case "28": return .authenticationFailed
        case "53": return .serverResources
        case "25": return .invalidTransactionState
        case "22": return .dataException
        case "08": return .connectionLost
        default: return .sqlError
        }
    }
}
