import BarrageCore
import Foundation

/// Reads `alerts:`: defaults for every channel (`on`, `rate_limit`, `timeout`, `retries`, `backoff`) and a
/// `channels` list whose items each have a `type` (console, slack, webhook, email) and may override them.
enum AlertChannelParser {
    static let settingFields = ["on", "rate_limit", "timeout", "retries", "backoff"]
    static let types = ["console", "slack", "webhook", "email"]
    static let typeFields: [String: [String]] = [
        "console": [],
        "slack": ["url"],
        "webhook": ["url", "headers"],
        "email": ["url", "starttls", "username", "password", "from", "to", "ca_file"],
    ]

    static func channels(_ node: ConfigNode) throws(ConfigError) -> [AlertChannelConfiguration] {
        let fields = try node.mapping(allowedKeys: settingFields + ["channels"])
        let defaults = try settings(fields, base: AlertDeliverySettings())
        let list = try fields.required("channels")
        guard case .sequence(let items) = list.value, !items.isEmpty else {
            throw list.error("expected a list of channels, e.g. '- {type: slack, url: ${SLACK_WEBHOOK_URL}}'")
        }
        var channels: [AlertChannelConfiguration] = []
        for item in items { channels.append(try channel(item, defaults: defaults)) }
        return channels
    }

    static func channel(
        _ node: ConfigNode,
        defaults: AlertDeliverySettings
    ) throws(ConfigError)
        -> AlertChannelConfiguration
    {
        guard case .mapping(let entries) = node.value else {
            throw node.error("expected a channel mapping with a 'type', found \(node.kindDescription)")
        }
        guard let typeEntry = entries.first(where: { $0.key == "type" }) else {
            throw node.error("missing required field 'type' (one of: \(types.joined(separator: ", ")))")
        }
        let type = try typeEntry.value.string()
        guard let specific = typeFields[type] else {
            var message = "unknown channel type '\(type)'"
            if let nearest = ConfigSuggestion.nearest(to: type, in: types) {
                message += "; did you mean '\(nearest)'?"
            } else {
                message += "; expected one of: \(types.joined(separator: ", "))"
            }
            throw typeEntry.value.error(message)
        }
        let fields = try node.mapping(allowedKeys: ["type"] + settingFields + specific)
        let settings = try settings(fields, base: defaults)
        switch type {
        case "console":
            return .console(settings)
        case "slack":
            return .slack(SlackChannel(url: try url(fields, schemes: ["http", "https"]), settings: settings))
        case "webhook":
            var headers: [String] = []
            if let node = fields["headers"] {
                guard case .mapping(let entries) = node.value else {
                    throw node.error("expected a mapping of header names to values, found \(node.kindDescription)")
                }
                for entry in entries {
                    let value = try entry.value.string()
                    guard !entry.key.contains(":"), !value.contains("\n"), !value.contains("\r") else {
                        throw entry.value.error("a header name has no ':' and a value no line break")
                    }
                    headers.append("\(entry.key): \(value)")
                }
            }
            return .webhook(
                WebhookChannel(url: try url(fields, schemes: ["http", "https"]), headers: headers, settings: settings)
            )
        default:
            let url = try url(fields, schemes: ["smtp", "smtps"])
            let toNode = try fields.required("to")
            var recipients: [String] = []
            if case .sequence(let items) = toNode.value {
                for item in items { recipients.append(try address(item)) }
            } else {
                recipients.append(try address(toNode))
            }
            guard !recipients.isEmpty else { throw toNode.error("give at least one recipient") }
            return .email(
                EmailChannel(
                    url: url,
                    startTLS: try fields["starttls"]?.bool() ?? true,
                    username: try fields["username"]?.string(),
                    password: try fields["password"]?.string(),
                    from: try address(try fields.required("from")),
                    to: recipients,
                    caFile: try fields["ca_file"]?.string(),
                    settings: settings
                )
            )
        }
    }

    static func settings(
        _ fields: ConfigMapping,
        base: AlertDeliverySettings
    ) throws(ConfigError)
        -> AlertDeliverySettings
    {
        var settings = base
        if let node = fields["on"] {
            let items: [ConfigNode]
            if case .sequence(let list) = node.value { items = list } else { items = [node] }
            var events = Set<AlertEventKind>()
            for item in items {
                let name = try item.string()
                guard let kind = AlertEventKind(rawValue: name) else {
                    let names = AlertEventKind.allCases.map(\.rawValue)
                    var message = "unknown event '\(name)'"
                    if let nearest = ConfigSuggestion.nearest(to: name, in: names) {
                        message += "; did you mean '\(nearest)'?"
                    } else {
                        message += "; expected any of: \(names.joined(separator: ", "))"
                    }
                    throw item.error(message)
                }
                events.insert(kind)
            }
            settings.events = events
        }
        if let node = fields["rate_limit"] {
            let text = try node.string()
            let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let periods: [String: Double] = ["s": 1, "m": 60, "min": 60, "h": 3600]
            guard parts.count == 2, let count = Int(parts[0]), count >= 1, let period = periods[parts[1]] else {
                throw node.error("expected a rate limit such as 10/min, 1/s or 30/h, found '\(text)'")
            }
            settings.rateLimit = count
            settings.ratePeriod = period
        }
        if let node = fields["timeout"] {
            settings.timeout = try node.duration()
            guard settings.timeout >= 1_000_000 else { throw node.error("must be at least 1ms") }
        }
        if let node = fields["retries"] {
            settings.retries = try node.int()
            guard (0...10).contains(settings.retries) else { throw node.error("must be between 0 and 10") }
        }
        if let node = fields["backoff"] { settings.backoff = try node.duration() }
        return settings
    }

    static func url(_ fields: ConfigMapping, schemes: [String]) throws(ConfigError) -> String {
        let node = try fields.required("url")
        let text = try node.string()
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            schemes.contains(scheme), components.host?.isEmpty == false
        else {
            // The URL may carry a token: say what is wrong without repeating it.
            throw node.error("expected a \(schemes.map { "\($0)://" }.joined(separator: " or ")) URL with a host")
        }
        return text
    }

    static func address(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        guard text.contains("@"), !text.contains(where: { " <>\r\n,".contains($0) }) else {
            throw node.error("expected an email address such as oncall@example.com, found '\(text)'")
        }
        return text
    }
}
