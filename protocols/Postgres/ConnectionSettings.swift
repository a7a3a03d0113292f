import BarrageCore
import CLibPQ
import Foundation

/// Where and as whom a Postgres step connects: libpq keyword/value pairs, from a connection string (`dsn`,
/// key=value or a `postgres://` URI) and the separate fields, which override it.
///
/// The password is kept only to be handed to libpq: `description` leaves it out and nothing prints it.
/// Steps with equal settings share their VU's connection.
public struct ConnectionSettings: Sendable, Hashable, CustomStringConvertible {
    /// libpq connection keywords, in the order libpq reads them (a later one overrides an earlier one).
    var keywords: [String]
    /// The values, one per keyword.
    var values: [String]

    /// The fields a step may give besides `dsn`, as libpq names them.
    static let fields = ["host", "port", "dbname", "user", "password", "sslmode"]

    /// Settings from a connection string and separate `fields` (keyword → value).
    init(dsn: String?, fields: [(String, String)]) {
        keywords = ["fallback_application_name"]
        values = ["barrage"]
        if let dsn {
            // libpq expands the first "dbname" that holds a connection string or URI (expand_dbname).
            keywords.append("dbname")
            values.append(dsn)
        }
        for (keyword, value) in fields {
            keywords.append(keyword)
            values.append(value)
        }
    }

    /// These settings with more keyword/value pairs after them (a later keyword overrides an earlier one).
    func adding(_ pairs: [(String, String)]) -> ConnectionSettings {
        var copy = self
        for (keyword, value) in pairs {
            copy.keywords.append(keyword)
            copy.values.append(value)
        }
        return copy
    }

    /// The settings without the password: host, port, database and user as far as given.
    public var description: String {
        var parts: [String] = []
        for (keyword, value) in zip(keywords, values) {
            switch keyword {
            case "password", "fallback_application_name": continue
            case "dbname" where value.contains("=") || value.contains("://"): parts.append("dsn")
            default: parts.append("\(keyword)=\(value)")
            }
        }
        return parts.joined(separator: " ")
    }

    /// Where the settings lead, as `host=… port=… dbname=… user=…` (whatever is given), read out of the
    /// connection string too; never the password. Names a monitor's source.
    public var endpoint: String {
        var found: [String: String] = [:]
        for (keyword, value) in zip(keywords, values) {
            if keyword == "dbname", value.contains("=") || value.contains("://") {
                guard let options = PQconninfoParse(value, nil) else { continue }
                var option = options
                while let name = option.pointee.keyword {
                    if let given = option.pointee.val { found[String(cString: name)] = String(cString: given) }
                    option += 1
                }
                PQconninfoFree(options)
            } else {
                found[keyword] = value
            }
        }
        return ["host", "hostaddr", "port", "dbname", "user"].compactMap { key in found[key].map { "\(key)=\($0)" } }
            .joined(separator: " ")
    }

    /// Parses the connection fields of a step's mapping; a malformed `dsn` is an error at load time.
    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> ConnectionSettings {
        var fields: [(String, String)] = []
        for field in Self.fields {
            guard let node = mapping[field] else { continue }
            let value = field == "port" ? String(try node.int()) : try node.string()
            fields.append((field, value))
        }
        let password = fields.first { $0.0 == "password" }?.1
        var dsn: String?
        if let node = mapping["dsn"] {
            let text = try node.string()
            if let problem = Self.problem(in: text, password: password) { throw node.error(problem) }
            dsn = text
        }
        return ConnectionSettings(dsn: dsn, fields: fields)
    }

    /// What libpq finds wrong with connection string `dsn`, with any password in it redacted; nil when valid.
    static func problem(in dsn: String, password: String?) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(dsn, &message) else {
            var text = message.map { String(cString: $0) } ?? "invalid connection string"
            if let message { PQfreemem(message) }
            text = text.trimmingTrailingNewlines()
            for secret in [password, Self.password(inURIOrKeywords: dsn)].compactMap({ $0 }) where !secret.isEmpty {
                text = text.replacing(secret, with: "[redacted]")
            }
            return "invalid connection string: \(text)"
        }
        PQconninfoFree(options)
        return nil
    }

    /// A password written inside a connection string (`password=…` or `user:password@` in a URI), if any.
    static func password(inURIOrKeywords dsn: String) -> String? {
        if let scheme = dsn.range(of: "://") {
            let rest = dsn[scheme.upperBound...]
            guard let at = rest.firstIndex(of: "@") else { return nil }
            let userInfo = rest[..<at]
            guard let colon = userInfo.firstIndex(of: ":") else { return nil }
            return String(userInfo[userInfo.index(after: colon)...])
        }
        guard let range = dsn.range(of: "password=") else { return nil }
        let value = dsn[range.upperBound...].prefix { $0 != " " }
        return String(value)
    }

    /// Runs `body` with the keywords and values as NULL-terminated C arrays, as `PQconnectStartParams` takes them.
    func withParameters<Result>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let cKeywords = keywords.map { UnsafePointer(strdup($0)) } + [nil]
        let cValues = values.map { UnsafePointer(strdup($0)) } + [nil]
        defer {
            for pointer in cKeywords + cValues { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        return body(cKeywords, cValues)
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
