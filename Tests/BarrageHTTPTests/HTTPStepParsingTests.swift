import BarrageConfig
import BarrageCore
import BarrageHTTP
import Testing

/// Step YAML: every field parsed, every error with file:line:column and the field's path.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HTTPStepParsingTests {
    private func step(_ yaml: String) throws -> HTTPStep {
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              s:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow:
                  - name: one
            \(yaml)
            """,
            file: "api.yaml"
        )
        return try #require(plan.scenarios[0].flow[0].definition as? HTTPStep)
    }

    private func error(_ yaml: String) -> String {
        do {
            _ = try step(yaml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func everyFieldIsRead() throws {
        let parsed = try step(
            """
                    https:
                      url: "example.test/items"
                      method: put
                      headers: {Accept: application/json}
                      query: {page: "1", q: "a b"}
                      json: {a: 1}
                      follow_redirects: false
                      max_redirects: 2
                      timeout: 3s
                      connect_timeout: 500ms
                      http_version: "1.1"
                      tls: {insecure: true}
                      auth: {basic: {user: u, password: p}}
                      connection: shared
                      compressed: true
                      expect: {status: {range: [200, 204]}, header: {X-A: {exists: true}}, body: {contains: ok},
                               json: {"$.id": {exists: true}, "$.items[0].name": x}, max_time: 250ms}
            """
        )
        #expect(parsed.url == "https://example.test/items?page=1&q=a+b")
        #expect(parsed.method == "PUT")
        #expect(parsed.headers == ["Accept: application/json", "Content-Type: application/json"])
        #expect(parsed.body == .bytes(Array(#"{"a":1}"#.utf8), contentType: "application/json"))
        #expect(!parsed.followRedirects && parsed.maxRedirects == 2)
        #expect(parsed.timeout == 3_000_000_000 && parsed.connectTimeout == 500_000_000)
        #expect(parsed.version == .http1_1)
        #expect(parsed.tls.insecure)
        #expect(parsed.auth == .basic(user: "u", password: "p"))
        #expect(parsed.connection == .shared)
        #expect(parsed.compressed)
        #expect(parsed.expectation.status == .range(200...204))
        #expect(parsed.expectation.headers.count == 1 && parsed.expectation.json.count == 2)
        #expect(parsed.expectation.maxTime == 250_000_000)
        #expect(parsed.phaseNames == ["dns", "connect", "tls", "first_byte", "transfer"])
    }

    @Test func aHeaderValueWithALineBreakIsRefusedEvenAsCRLF() {
        for value in ["a\\r\\nX-Injected: 1", "a\\nb", "a\\rb"] {
            #expect(
                error("        http: {url: \"http://127.0.0.1/\", headers: {X-A: \"\(value)\"}}")
                    .contains("a header value cannot contain line breaks"),
                "\(value)"
            )
        }
    }

    @Test func defaultsAreGetPerVUHTTP2AndFollowingRedirects() throws {
        let parsed = try step("        http: {url: \"http://127.0.0.1:1/\"}")
        #expect(parsed.method == "GET")
        #expect(parsed.connection == .perVU)
        #expect(parsed.version == .http2)
        #expect(parsed.followRedirects && parsed.maxRedirects == 10)
        #expect(!parsed.tls.insecure)
        #expect(parsed.body == .none)
    }

    @Test func errorsNameTheFileLineColumnAndField() {
        #expect(
            error("        http: {url: \"http://x/\", methd: GET}")
                == "api.yaml:6:34: scenarios.s.flow[0].http.methd: unknown field 'methd'; did you mean 'method'?"
        )
        #expect(error("        http: {url: \"ftp://x/\"}").hasPrefix("api.yaml:6:21: scenarios.s.flow[0].http.url:"))
        #expect(
            error("        http: {url: \"http://x/\", connection: per_user}")
                .contains("scenarios.s.flow[0].http.connection: connection must be per_vu, shared or per_request")
        )
        #expect(
            error("        http: {url: \"http://x/\", expect: {status: 700}}").contains(
                "http.expect.status: a status code is 100–599"
            )
        )
        #expect(error("        http: {url: \"http://x/\", body: a, json: {b: 1}}").contains("give one of"))
        #expect(error("        http: {url: \"http://x/\", http_version: \"3\"}").contains("http.http_version"))
        #expect(error("        http: {url: \"http://x/\", expect: {json: {\"id\": 1}}}").contains("is not a JSON path"))
        #expect(
            error("        http: {url: \"http://x/\", tls: {ca: /nonexistent/ca.pem}}").contains(
                "http.tls.ca: no file at"
            )
        )
        #expect(
            error("        http: {url: \"http://x/\", expect: {body: {regex: \"(\"}}}").contains(
                "invalid regular expression"
            )
        )
    }
}
