/// A part of the fault JSON: read from a parsed JSON value with errors that name the offending field.
///
/// `Decodable` conformance comes for free: the value is parsed as JSON, then read by `init(json:path:)` with the
/// path of the decoder (`faults.http.latency`), so `JSONDecoder` throws a ``FaultValidationError`` that names it.
public protocol FaultDocument: Codable, Sendable, Equatable {
    /// Reads the value from `json`, found at the dotted `path`.
    init(json: JSONValue, path: String) throws(FaultValidationError)
}

extension FaultDocument {
    /// Decodes through `init(json:path:)`.
    public init(from decoder: any Decoder) throws {
        let path = (["faults"] + decoder.codingPath.map(\.stringValue)).joined(separator: ".")
        try self.init(json: JSONValue(from: decoder), path: path)
    }
}
