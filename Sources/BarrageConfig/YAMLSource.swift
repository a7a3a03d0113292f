import BarrageCore
import Foundation
import Yams

/// Reads a YAML file into a `ConfigNode` tree, keeping every value's line and column.
public enum YAMLSource {
    /// Loads and parses the file at `path`.
    public static func load(path: String) throws(ConfigError) -> ConfigNode {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file"
            throw ConfigError(location: SourceLocation(file: path, line: 0, column: 0), path: "", message: reason)
        }
        return try parse(text, file: path)
    }

    /// Parses YAML `text` that came from `file`.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ConfigError(location: SourceLocation(file: file, line: 0, column: 0), path: "", message: "\(error)")
        }
        guard let root else {
            throw ConfigError(
                location: SourceLocation(file: file, line: 1, column: 1),
                path: "",
                message: "the file is empty"
            )
        }
        return try convert(root, file: file, path: "")
    }

    private static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ConfigError(
                location: SourceLocation(file: file, line: mark.line, column: mark.column),
                path: "",
                message: "YAML syntax error: \(detail)\(problem)"
            )
        default:
            return ConfigError(
                location: SourceLocation(file: file, line: 0, column: 0),
                path: "",
                message: "YAML error: \(error)"
            )
        }
    }

    private static func location(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    private static func convert(_ node: Node, file: String, path: String) throws(ConfigError) -> ConfigNode {
        let here = location(node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ConfigNode(.null, location: here, path: path)
            }
            let text = try EnvironmentSubstitution.apply(to: scalar.string, location: here, path: path)
            return ConfigNode(.scalar(text, isQuoted: scalar.style != .plain), location: here, path: path)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: "\(path)[\(index)]"))
            }
            return ConfigNode(.sequence(items), location: here, path: path)
        case .mapping(let mapping):
            var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ConfigError(
                        location: location(key.mark, file: file),
                        path: path,
                        message: "mapping keys must be text"
                    )
                }
                let name = keyScalar.string
                let keyLocation = location(key.mark, file: file)
                if entries.contains(where: { $0.key == name }) {
                    throw ConfigError(
                        location: keyLocation,
                        path: path.isEmpty ? name : "\(path).\(name)",
                        message: "duplicate field '\(name)'"
                    )
                }
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                entries.append((name, keyLocation, try convert(value, file: file, path: childPath)))
            }
            return ConfigNode(.mapping(entries), location: here, path: path)
        case .alias:
            throw ConfigError(location: here, path: path, message: "YAML aliases are not supported; repeat the value")
        }
    }
}
