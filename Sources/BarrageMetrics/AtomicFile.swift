import Foundation

/// Writes files so that a reader sees either the old content or the new, never half of it: the data goes to
/// a temporary file in the same folder, is flushed to disk, then renamed over the target.
public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating missing parent folders.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var written = 0
        let ok = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let count = Foundation.write(fd, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 { if errno == EINTR { continue } else { return false } }
                written += count
            }
            return fsync(fd) == 0
        }
        let error = errno
        close(fd)
        guard ok else {
            unlink(temporary.path)
            throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)
        }
        guard rename(temporary.path, path) == 0 else {
            let renameError = errno
            unlink(temporary.path)
            throw POSIXError(POSIXErrorCode(rawValue: renameError) ?? .EIO)
        }
    }
}

extension RunResult {
    /// The result as pretty-printed JSON with sorted keys (stable diffs).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        return try encoder.encode(self)
    }

    /// Reads a result.json.
    public static func read(path: String) throws -> RunResult {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        return try decoder.decode(RunResult.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes the result as JSON to `path`, atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonData(), to: path)
    }
}
