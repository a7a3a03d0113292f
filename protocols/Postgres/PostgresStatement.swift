import BarrageCore
import Foundation
import Synchronization

/// One SQL statement of a step: its text, parameters, whether it runs prepared, and its expectation.
///
/// Text and parameters are converted to C strings once, at load time, so executing the statement allocates
/// nothing.
public struct PostgresStatement: Sendable {
    /// The SQL, with `$1`, `$2` … placeholders.
    public let text: String
    /// The parameters in placeholder order; nil is SQL NULL.
    public let parameters: [String?]
    /// Whether it runs as a prepared statement (prepared once per connection, then `PQsendQueryPrepared`).
    public var prepared: Bool { storage.prepared }
    /// What its result must look like, if anything.
    public var expectation: ResultExpectation? { storage.expectation }
    /// The parameters as templates, when one reads VU variables (`${…}`): rendered for every execution
    /// instead of `parameters`. Nil when every parameter is constant.
    public var parameterTemplates: [Template?]? { storage.templates }
    /// The C form of text and parameters and the rest of the statement, shared by every VU.
    let storage: StatementStorage

    /// Makes a statement.
    public init(
        text: String,
        parameters: [String?] = [],
        prepared: Bool = false,
        expectation: ResultExpectation? = nil,
        parameterTemplates: [Template?]? = nil
    ) {
        self.text = text
        self.parameters = parameters
        storage = StatementStorage(
            text: text,
            parameters: parameters,
            prepared: prepared,
            expectation: expectation,
            parameterTemplates: parameterTemplates
        )
    }
}

/// A statement as a connection runs it: text and parameters as NUL-terminated C strings, as libpq takes them,
/// and the rest of the statement, so that running it passes one reference (no copy of the statement's
/// strings and arrays per execution).
///
/// `@unchecked Sendable`: written once in `init` and only read afterwards, from any worker.
final class StatementStorage: @unchecked Sendable {
    /// A number unique in the process, from 0: where a connection keeps this statement's prepared name.
    let id: Int
    /// Whether it runs as a prepared statement.
    let prepared: Bool
    /// What its result must look like, if anything.
    let expectation: ResultExpectation?
    /// Parameter templates to render per execution, when one reads VU variables.
    let templates: [Template?]?
    /// The SQL text.
    let text: UnsafeMutablePointer<CChar>
    /// `count` parameter values; a nil entry is SQL NULL.
    let values: UnsafeMutablePointer<UnsafePointer<CChar>?>
    /// How many parameters.
    let count: Int32
    /// Payload bytes of the SQL text, reported as sent when the statement goes as text.
    let textBytes: Int
    /// Payload bytes of the parameter values, reported as sent with every execution.
    let parameterBytes: Int

    private static let nextID = Atomic<Int>(0)

    init(
        text: String,
        parameters: [String?],
        prepared: Bool,
        expectation: ResultExpectation?,
        parameterTemplates: [Template?]?
    ) {
        id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.prepared = prepared
        self.expectation = expectation
        templates = parameterTemplates
        self.text = strdup(text)
        textBytes = text.utf8.count
        parameterBytes = parameters.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        count = Int32(parameters.count)
        values = .allocate(capacity: max(1, parameters.count))
        for (index, parameter) in parameters.enumerated() {
            values[index] = parameter.map { UnsafePointer(strdup($0)) }
        }
    }

    deinit {
        free(text)
        for index in 0..<Int(count) { free(UnsafeMutablePointer(mutating: values[index])) }
        values.deallocate()
    }
}
