import BarrageCore
import Foundation

/// HTTP/1.1 and HTTP/2 over libcurl: the `http` and `https` protocols.
///
/// Each worker drives one libcurl multi handle from its libuv loop; each VU reuses one configured easy
/// handle per step, so connections stay alive and a request sets no options (docs/http.md).
public struct HTTPClientFactory: ClientFactory {
    /// Makes the factory; register it in a `ClientRegistry`.
    public init() {}

    /// `http` and `https`: the same client; the name only gives a URL written without a scheme its scheme.
    public var protocolNames: [String] { ["http", "https"] }
    /// The line `barrage clients` shows.
    public var summary: String {
        "HTTP/1.1 and HTTP/2 (libcurl): methods, headers, bodies, redirects, TLS, cookies, auth, checks"
    }
    /// This module and its version.
    public var provider: String { "BarrageHTTP \(BarrageVersion.current)" }

    /// Parses an `http:`/`https:` step (docs/http.md lists its fields).
    public func parseStep(protocolName: String, _ node: ConfigNode) throws(ConfigError) -> any StepDefinition {
        try HTTPStep.parse(node, protocolName: protocolName)
    }

    /// `barrage run --url http://… [--method M] [--header 'K: V']… [--body TEXT|@file] [--timeout D]`.
    public func adHocStep(_ request: AdHocRequest) throws(ConfigError) -> any StepDefinition {
        func scalar(_ text: String, _ path: String) -> ConfigNode {
            ConfigNode(.scalar(text, isQuoted: true), location: .commandLine, path: path)
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = [
            ("url", .commandLine, scalar(request.url, "--url"))
        ]
        if let method = request.method { entries.append(("method", .commandLine, scalar(method, "--method"))) }
        if let headers = try request.headersEntry() { entries.append(headers) }
        if let body = request.body {
            if body.hasPrefix("@") {
                entries.append(("body_file", .commandLine, scalar(String(body.dropFirst()), "--body")))
            } else {
                entries.append(("body", .commandLine, scalar(body, "--body")))
            }
        }
        if let timeout = request.timeout {
            entries.append(("timeout", .commandLine, scalar("\(timeout / 1000)us", "--timeout")))
        }
        return try HTTPStep.parse(
            ConfigNode(.mapping(entries), location: .commandLine, path: ""),
            protocolName: request.protocolName
        )
    }

    /// A VU's session, on its worker's libcurl multi handle.
    public func makeClient(context: ClientContext) -> any Client {
        HTTPClient(worker: context.worker)
    }
}
