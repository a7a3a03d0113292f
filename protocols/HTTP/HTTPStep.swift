import BarrageCore
import CCurl

/// An HTTP request step: what a VU sends, how, and what the response must look like.
///
/// Parsed once at load time and shared by every VU; each VU turns it into a configured libcurl handle
/// (`CurlTransfer`) on first use and reuses that handle for every later request.
public struct HTTPStep: StepDefinition {
    /// The absolute URL, with the step's `query` parameters appended.
    public var url: String
    /// The method, upper-case.
    public var method: String
    /// Request headers, `Name: value`, in the order written.
    public var headers: [String]
    /// The request body.
    public var body: HTTPBody
    /// Whether redirects are followed.
    public var followRedirects: Bool
    /// At most this many redirects are followed.
    public var maxRedirects: Int
    /// The whole request's timeout, ns.
    public var timeout: UInt64
    /// The connect timeout (including TLS), ns.
    public var connectTimeout: UInt64
    /// The HTTP version.
    public var version: HTTPVersion
    /// TLS verification and client certificate.
    public var tls: TLSOptions
    /// Credentials, if any.
    public var auth: HTTPAuth?
    /// Which connections requests use.
    public var connection: HTTPConnectionPolicy
    /// Whether to ask for compressed responses (`Accept-Encoding`) and decode them.
    public var compressed: Bool
    /// The response checks.
    public var expectation: HTTPExpectation
    /// The parts rendered per request from VU variables.
    public var templates = HTTPTemplates()

    /// The phase slots, from libcurl's timings: name resolution, TCP connect, TLS handshake, waiting for the
    /// first response byte after the request was sent, and reading the rest of the response.
    public var phaseNames: [String] { HTTPStep.phases }

    /// The phase names, in slot order.
    public static let phases = ["dns", "connect", "tls", "first_byte", "transfer"]

    static let fields =
        [
            "url", "method", "headers", "query", "follow_redirects", "max_redirects", "timeout", "connect_timeout",
            "http_version", "tls", "auth", "connection", "compressed", "expect",
        ] + HTTPBody.fields

    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]

    /// Parses an `http:` or `https:` step (`protocolName` is the scheme a URL without one gets).
    static func parse(_ node: ConfigNode, protocolName: String) throws(ConfigError) -> HTTPStep {
        let mapping = try node.mapping(allowedKeys: fields)
        let urlNode = try mapping.required("url")
        var text = try urlNode.string()
        if !text.contains("://") { text = "\(protocolName)://\(text)" }
        var templates = HTTPTemplates()
        var query: [(String, String)] = []
        var queryTemplates: [HTTPTemplates.QueryPair] = []
        if let queryNode = mapping["query"] {
            let pairs = try queryNode.mapping(allowedKeys: queryNode.keys)
            for name in pairs.keys {
                let value = try pairs[name]?.template() ?? Template(literal: "")
                query.append((name, value.constantText ?? value.description))
                queryTemplates.append(HTTPTemplates.QueryPair(name: name, value: value))
            }
        }
        var prefixed = urlNode
        prefixed.value = .scalar(text, isQuoted: true)
        let urlTemplate = try prefixed.template()
        let url: String
        if urlTemplate.isConstant, queryTemplates.allSatisfy(\.value.isConstant) {
            switch URLText.normalise(urlTemplate.constantText ?? text, query: query) {
            case .success(let normalised): url = normalised
            case .failure(let reason): throw urlNode.error(reason.message)
            }
        } else {
            // Checked when rendered: a request whose URL libcurl refuses fails as `client_error`.
            url = text
            templates.url = urlTemplate
            templates.query = queryTemplates
        }

        let body = try HTTPBody.parse(mapping)
        var method = body.isEmpty ? "GET" : "POST"
        if let methodNode = mapping["method"] {
            method = try methodNode.string().uppercased()
            guard !method.isEmpty, method.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
                throw methodNode.error("'\(method)' is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD …)")
            }
            if method == "HEAD", !body.isEmpty { throw methodNode.error("a HEAD request cannot have a body") }
        }

        var headers: [String] = []
        var headerTemplates: [HTTPTemplates.Header] = []
        if let headerNode = mapping["headers"] {
            let pairs = try headerNode.mapping(allowedKeys: headerNode.keys)
            for name in pairs.keys {
                guard name.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ":" }), !name.isEmpty else {
                    throw headerNode.error("'\(name)' is not a header name")
                }
                let value = try pairs[name]?.template() ?? Template(literal: "")
                // By bytes: "\r\n" is one Character, which `contains("\r")` would not find.
                guard !value.description.utf8.contains(13), !value.description.utf8.contains(10) else {
                    throw (pairs[name] ?? headerNode).error("a header value cannot contain line breaks")
                }
                headers.append("\(name): \(value.constantText ?? value.description)")
                headerTemplates.append(HTTPTemplates.Header(name: name, value: value))
            }
        }
        if case .bytes(_, let contentType?) = body,
            !headers.contains(where: { $0.lowercased().hasPrefix("content-type:") })
        {
            headers.append("Content-Type: \(contentType)")
            headerTemplates.append(HTTPTemplates.Header(name: "Content-Type", value: Template(literal: contentType)))
        }
        if !headerTemplates.allSatisfy(\.value.isConstant) { templates.headers = headerTemplates }
        try bodyTemplates(mapping, body: body, into: &templates)

        let timeout = try mapping["timeout"]?.duration() ?? 30_000_000_000
        guard timeout >= 1_000_000 else { throw mapping["timeout"]!.error("timeout must be at least 1ms") }
        let connectTimeout = try mapping["connect_timeout"]?.duration() ?? min(timeout, 10_000_000_000)
        guard connectTimeout >= 1_000_000 else {
            throw mapping["connect_timeout"]!.error("connect_timeout must be at least 1ms")
        }
        let maxRedirects = try mapping["max_redirects"]?.int() ?? 10
        guard maxRedirects >= 0 else { throw mapping["max_redirects"]!.error("max_redirects cannot be negative") }

        let auth = try mapping["auth"].map { node throws(ConfigError) in try HTTPAuth.parse(node) }
        if let authNode = mapping["auth"] { try HTTPAuth.templates(authNode, into: &templates) }
        var step = HTTPStep(
            url: url,
            method: method,
            headers: headers,
            body: body,
            followRedirects: try mapping["follow_redirects"]?.bool() ?? true,
            maxRedirects: maxRedirects,
            timeout: timeout,
            connectTimeout: connectTimeout,
            version: try mapping["http_version"].map { node throws(ConfigError) in try HTTPVersion.parse(node) }
                ?? .http2,
            tls: try mapping["tls"].map { node throws(ConfigError) in try TLSOptions.parse(node) } ?? TLSOptions(),
            auth: auth,
            connection: try mapping["connection"].map { node throws(ConfigError) in
                try HTTPConnectionPolicy.parse(node)
            } ?? .perVU,
            compressed: try mapping["compressed"]?.bool() ?? false,
            expectation: try mapping["expect"].map { node throws(ConfigError) in try HTTPExpectation.parse(node) }
                ?? HTTPExpectation()
        )
        step.templates = templates
        return step
    }

    /// The body's template, when the `body`, `json` or `form` written reads variables.
    private static func bodyTemplates(
        _ mapping: ConfigMapping,
        body: HTTPBody,
        into templates: inout HTTPTemplates
    ) throws(ConfigError) {
        if let node = mapping["body"] {
            let template = try node.template()
            if template.constantText != template.description { templates.body = template }
        } else if let node = mapping["json"], case .bytes(let bytes, _) = body {
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.contains("${") else { return }
            var json = node
            json.value = .scalar(Template.jsonText(text), isQuoted: true)
            templates.body = try json.template()
        } else if let node = mapping["form"] {
            let form = try node.mapping(allowedKeys: node.keys)
            var pairs: [HTTPTemplates.QueryPair] = []
            for name in form.keys {
                pairs.append(
                    HTTPTemplates.QueryPair(name: name, value: try form[name]?.template() ?? Template(literal: ""))
                )
            }
            if !pairs.allSatisfy({ $0.value.constantText == $0.value.description }) { templates.form = pairs }
        }
    }
}
