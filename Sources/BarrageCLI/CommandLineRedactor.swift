import Foundation

/// Removes secrets from a command line before it is stored in a result or printed.
public enum CommandLineRedactor {
    /// Header names whose values are secrets.
    static let secretHeaders = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key"]
    /// Options whose values are secrets.
    static let secretOptions = ["--password", "--token", "--secret"]

    /// `arguments` with password, token and secret-header values replaced by `[redacted]`, and the password
    /// of any URL's user info too.
    public static func redact(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var redactNext = false
        var headerNext = false
        for argument in arguments {
            if redactNext {
                result.append("[redacted]")
                redactNext = false
                continue
            }
            if headerNext {
                result.append(redactHeader(argument))
                headerNext = false
                continue
            }
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                let option = String(argument[..<equals])
                let value = String(argument[argument.index(after: equals)...])
                if secretOptions.contains(option) {
                    result.append("\(option)=[redacted]")
                } else if option == "--header" {
                    result.append("\(option)=\(redactHeader(value))")
                } else {
                    result.append("\(option)=\(redactURL(value))")
                }
                continue
            }
            if secretOptions.contains(argument) { redactNext = true }
            if argument == "--header" || argument == "-H" { headerNext = true }
            result.append(redactURL(argument))
        }
        return result
    }

    static func redactHeader(_ header: String) -> String {
        guard let colon = header.firstIndex(of: ":") else { return header }
        let name = header[..<colon].trimmingCharacters(in: .whitespaces)
        return secretHeaders.contains(name.lowercased()) ? "\(name): [redacted]" : header
    }

    /// `text` with the password of `url`'s user info (if any) replaced by `[redacted]`.
    static func redactPasswords(in text: String, of url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else {
            return text
        }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        let password = String(userInfo[userInfo.index(after: colon)...])
        return password.isEmpty ? text : text.replacingOccurrences(of: password, with: "[redacted]")
    }

    /// `scheme://user:password@host` → `scheme://user:[redacted]@host`.
    static func redactURL(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
            return text
        }
        let userInfo = text[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":[redacted]" + String(text[at...])
    }
}
