import BarrageCore
import Foundation

/// A file named in a scenario: checked at load time, relative to the scenario file's directory.
enum FilePath {
    /// The path in `node`, made absolute against the scenario's directory; an error if no file is there.
    static func resolve(_ node: ConfigNode) throws(ConfigError) -> String {
        try resolve(try node.string(), node: node)
    }

    /// `path` made absolute against the directory of the file `node` was written in.
    static func resolve(_ path: String, node: ConfigNode) throws(ConfigError) -> String {
        var resolved = path
        if !path.hasPrefix("/"), node.location != .commandLine, node.location.file.contains("/") {
            resolved = (node.location.file as NSString).deletingLastPathComponent + "/" + path
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            throw node.error("no file at '\(resolved)'")
        }
        return resolved
    }
}
