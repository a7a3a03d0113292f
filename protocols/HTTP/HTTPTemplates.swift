import BarrageCore

/// The parts of an HTTP step that read VU variables (`${…}`) and so are rendered for every request; the
/// rest of the step is configured once on the VU's handle. Nil parts are constant.
public struct HTTPTemplates: Sendable, Equatable {
    /// One query parameter whose value may read variables.
    public struct QueryPair: Sendable, Equatable {
        /// The parameter's name.
        public var name: String
        /// Its value.
        public var value: Template
    }

    /// One request header whose value may read variables.
    public struct Header: Sendable, Equatable {
        /// The header's name.
        public var name: String
        /// Its value.
        public var value: Template
    }

    /// The URL without its query parameters, when it or a parameter reads variables.
    public var url: Template?
    /// The query parameters, encoded and appended to `url` at each request (only with `url`).
    public var query: [QueryPair] = []
    /// Every header, when one reads variables.
    public var headers: [Header]?
    /// The body text (`body`, or `json` as JSON text), when it reads variables.
    public var body: Template?
    /// The `form` fields, encoded at each request, when one reads variables.
    public var form: [QueryPair]?
    /// A bearer token that reads variables.
    public var bearer: Template?
    /// Basic credentials that read variables.
    public var basic: (user: Template, password: Template)? {
        get { basicUser.flatMap { user in basicPassword.map { (user, $0) } } }
        set {
            basicUser = newValue?.user
            basicPassword = newValue?.password
        }
    }
    private var basicUser: Template?
    private var basicPassword: Template?

    /// Whether nothing reads variables.
    public var isEmpty: Bool {
        url == nil && headers == nil && body == nil && form == nil && bearer == nil && basicUser == nil
    }

    /// The body for a request, when it reads variables.
    func renderBody(_ scope: VariableScope) -> String? {
        if let body { return body.render(scope) }
        guard let form else { return nil }
        return form.map { FormEncoding.escape($0.name) + "=" + FormEncoding.escape($0.value.render(scope)) }
            .joined(separator: "&")
    }

    /// The URL for a request: rendered and its query appended, each name and value form-encoded.
    func renderURL(_ scope: VariableScope) -> String? {
        guard let url else { return nil }
        var text = url.render(scope)
        var separator: Character = text.contains("?") ? "&" : "?"
        for pair in query {
            text.append(separator)
            text += FormEncoding.escape(pair.name) + "=" + FormEncoding.escape(pair.value.render(scope))
            separator = "&"
        }
        return text
    }
}

extension Template {
    /// A JSON document's text in which every string `"\u{1}${name}\u{1}"` (what `ConfigJSON` writes for an
    /// unquoted `${name}` scalar) becomes a bare `${name}`: its value is inserted as is (a number, say).
    static func jsonText(_ serialised: String) -> String {
        serialised.replacing("\"\\u0001", with: "").replacing("\\u0001\"", with: "")
    }
}
