import BarrageCore

/// The credentials a step sends.
public enum HTTPAuth: Sendable, Equatable {
    /// `Authorization: Basic …` from a user name and password.
    case basic(user: String, password: String)
    /// `Authorization: Bearer <token>`.
    case bearer(String)

    /// Parses `auth: {bearer: token}` or `auth: {basic: {user: u, password: p}}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> HTTPAuth {
        let mapping = try node.mapping(allowedKeys: ["basic", "bearer"])
        guard mapping.keys.count == 1 else { throw node.error("auth takes exactly one of basic or bearer") }
        if let token = mapping["bearer"] {
            return .bearer(try token.string())
        }
        let basic = try mapping.required("basic").mapping(allowedKeys: ["user", "password"])
        return .basic(user: try basic.required("user").string(), password: try basic["password"]?.string() ?? "")
    }

    /// The credentials' templates, when they read variables.
    static func templates(_ node: ConfigNode, into templates: inout HTTPTemplates) throws(ConfigError) {
        let mapping = try node.mapping(allowedKeys: ["basic", "bearer"])
        if let token = mapping["bearer"] {
            let template = try token.template()
            if template.constantText != template.description { templates.bearer = template }
        } else if let basic = try mapping["basic"]?.mapping(allowedKeys: ["user", "password"]) {
            let user = try basic.required("user").template()
            let password = try basic["password"]?.template() ?? Template(literal: "")
            if user.constantText != user.description || password.constantText != password.description {
                templates.basic = (user, password)
            }
        }
    }
}
