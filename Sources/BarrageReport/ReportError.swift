import Foundation

/// Why a report could not be made: each message is one line a user can act on.
public enum ReportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The given path is neither a result.json nor a folder holding one.
    case notFound(path: String)
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not a result document this build understands.
    case invalid(path: String, reason: String)
    /// The document was written by a schema version this build cannot read.
    case unsupportedSchemaVersion(path: String, version: Int)
    /// An output could not be written.
    case cannotWrite(path: String, reason: String)

    /// The message, in one line.
    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no result.json there (give a results folder or a result.json)"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .invalid(let path, let reason): "\(path): not a Barrage result: \(reason)"
        case .unsupportedSchemaVersion(let path, let version):
            "\(path): schema version \(version) is not supported by this build (it reads version 1); "
                + "use the Barrage version that wrote it"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }

    /// The same one line, for `localizedDescription`.
    public var errorDescription: String? { description }
}
