import BarrageCore
import Foundation

/// `${NAME}` and `${NAME:-default}` in scenario values, replaced from the environment when the file loads.
///
/// Only UPPER_CASE names are environment variables; lower-case `${…}` is left for the scenario language's
/// per-VU variables. A variable that is unset and has no default is an error naming it and where it is used.
public enum EnvironmentSubstitution {
    /// `text` with every `${NAME}` / `${NAME:-default}` replaced from `environment`.
    public static func apply(
        to text: String,
        location: SourceLocation,
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                result += rest[open.lowerBound...]
                return result
            }
            let body = rest[open.upperBound..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            if isEnvironmentName(name) {
                if let value = environment[String(name)], !value.isEmpty {
                    // Every environment value is a secret unless it is a plain number (a port, a count).
                    if !value.allSatisfy(\.isNumber) { TemplateUsage.current?.recordSecret(value) }
                    result += value
                } else if let fallback {
                    result += fallback
                } else {
                    throw ConfigError(
                        location: location,
                        path: path,
                        message: "environment variable \(name) is not set; export it or write ${\(name):-default}"
                    )
                }
            } else {
                result += rest[open.lowerBound...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func isEnvironmentName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isUppercase || first == "_" else { return false }
        return name.allSatisfy { ($0.isUppercase || $0.isNumber || $0 == "_") && $0.isASCII }
    }
}
