import BarrageMetrics
import Foundation

/// A result.json on disk, read for reports: accepts a results folder or the file itself.
public struct ResultFile: Sendable {
    /// The path of the result.json.
    public var path: String
    /// Its schema version, read before the rest so a mismatch gets a clear message.
    public var schemaVersion: Int
    /// The document, when its schema version is one this build reads.
    public var result: RunResult?

    /// Where the result.json of `path` is: `path` itself, or `path/result.json` for a folder.
    public static func resolve(_ path: String) throws(ReportError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .notFound(path: path) }
        guard isFolder.boolValue else { return path }
        let file = (path as NSString).appendingPathComponent("result.json")
        guard FileManager.default.fileExists(atPath: file) else { throw .notFound(path: path) }
        return file
    }

    /// Reads the schema version of `path` (a folder or a result.json), then the document if it can.
    public init(_ path: String) throws(ReportError) {
        self.path = try Self.resolve(path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: self.path))
        } catch {
            throw .unreadable(path: self.path, reason: error.localizedDescription)
        }
        struct VersionProbe: Decodable { var schemaVersion: Int }
        do {
            schemaVersion = try JSONDecoder().decode(VersionProbe.self, from: data).schemaVersion
        } catch {
            throw .invalid(path: self.path, reason: Self.describe(error))
        }
        guard schemaVersion == RunResult.currentSchemaVersion else {
            result = nil
            return
        }
        do {
            result = try RunResult.read(path: self.path)
        } catch {
            throw .invalid(path: self.path, reason: Self.describe(error))
        }
    }

    /// The document, or the schema-version error.
    public func requireResult() throws(ReportError) -> RunResult {
        guard let result else { throw .unsupportedSchemaVersion(path: path, version: schemaVersion) }
        return result
    }

    /// A decoding error in one line, with the field path where there is one.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return error.localizedDescription }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context): return "\(context.debugDescription)\(path(context))"
        case .valueNotFound(_, let context): return "\(context.debugDescription)\(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription)\(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
