import BarrageCore
import BarrageHTTP
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// What the client sends, verified through the embedded target's `/echo` (method, path, query, headers and
/// body come back as JSON) and its login flow.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HTTPRequestTests {
    @Test func headersAndQueryParametersReachTheServer() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            users: 2,
            iterations: 3,
            """
            {url: "http://127.0.0.1:\(server.ports.http)/echo", headers: {X-Test: "yes", Accept: application/json},
             query: {page: "2", q: "a b"},
             expect: {status: 200, header: {Content-Type: {contains: json}},
                      json: {"$.method": GET, "$.headers.x-test": "yes", "$.headers.accept": application/json,
                             "$.query": {regex: "page=2&q=a(\\\\+|%20)b"}}}}
            """
        )
        try await server.stop()
        #expect(step.count == 6)
        #expect(step.successes == 6, "\(step.errors)")
        #expect(step.bytesSent > 0 && step.bytesReceived > 0)
    }

    @Test func aJSONBodyIsSentWithItsContentTypeAndTheMethodDefaultsToPost() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            """
            {url: "http://127.0.0.1:\(server.ports.http)/echo", json: {a: 1, name: "x", ok: true},
             expect: {json: {"$.method": POST, "$.headers.content-type": application/json,
                             "$.body": '{"a":1,"name":"x","ok":true}'}}}
            """
        )
        try await server.stop()
        #expect(step.successes == 1, "\(step.errors)")
    }

    @Test func rawFormAndMultipartBodiesAreSentAsWritten() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-upload-\(UUID()).bin")
        try "file-content-42".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let url = "http://127.0.0.1:\(server.ports.http)/echo"
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              bodies:
                load: {model: per-user-iterations, users: 1, iterations: 2}
                flow:
                  - name: raw
                    http: {url: "\(url)", method: PUT, body: "plain text", headers: {Content-Type: text/plain},
                           expect: {json: {"$.method": PUT, "$.body": plain text, "$.headers.content-type": text/plain}}}
                  - name: form
                    http: {url: "\(url)", form: {user: alice, note: "a&b c"},
                           expect: {json: {"$.headers.content-type": application/x-www-form-urlencoded,
                                           "$.body": "user=alice&note=a%26b%20c"}}}
                  - name: multipart
                    http: {url: "\(url)", method: PATCH, multipart: {title: hello, upload: "@\(file.path)"},
                           expect: {json: {"$.method": PATCH, "$.headers.content-type": {contains: multipart/form-data},
                                           "$.body": {regex: "(?s)name=\\"title\\".*hello.*filename=.*file-content-42"}}}}
                  - name: delete
                    http: {url: "\(url)/items", method: DELETE, expect: {json: {"$.method": DELETE, "$.path": /echo/items}}}
            """
        )
        let result = await HTTPRunHarness.run(plan)
        try await server.stop()
        for step in result.scenarios[0].steps {
            #expect(step.successes == 2, "\(step.name): \(step.errors)")
        }
    }

    @Test func basicAuthSendsTheEncodedCredentials() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let encoded = Data("alice:secret".utf8).base64EncodedString()
        let step = try await HTTPRunHarness.runStep(
            """
            {url: "http://127.0.0.1:\(server.ports.http)/echo", auth: {basic: {user: alice, password: secret}},
             expect: {json: {"$.headers.authorization": "Basic \(encoded)"}}}
            """
        )
        try await server.stop()
        #expect(step.successes == 1, "\(step.errors)")
    }

    @Test func aBearerTokenFromLoginOpensMeAndABadOneIsA4xx() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let base = "http://127.0.0.1:\(server.ports.http)"
        let login = await HTTPRunHarness.post("\(base)/login", body: #"{"user":"alice","password":"secret"}"#)
        let token = try #require(
            (try JSONSerialization.jsonObject(with: Data(login.utf8)) as? [String: Any])?["token"] as? String
        )
        let good = try await HTTPRunHarness.runStep(
            iterations: 3,
            #"{url: "\#(base)/me", auth: {bearer: "\#(token)"}, expect: {json: {"$.user": alice}}}"#
        )
        let bad = try await HTTPRunHarness.runStep(
            iterations: 2,
            #"{url: "\#(base)/me", auth: {bearer: "not-a-token"}}"#
        )
        try await server.stop()
        #expect(good.successes == 3, "\(good.errors)")
        #expect(bad.errors == ["http_4xx": 2])
    }

    @Test func samplesCarryCurlsPhases() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let step = try await HTTPRunHarness.runStep(
            users: 2,
            iterations: 20,
            #"{url: "http://127.0.0.1:\#(server.ports.http)/delay/5"}"#
        )
        try await server.stop()
        #expect(step.phases.map(\.name) == ["dns", "connect", "tls", "first_byte", "transfer"])
        let firstByte = try #require(step.phases.first { $0.name == "first_byte" })
        #expect(firstByte.latency.p50 >= 4.5, "first_byte p50 \(firstByte.latency.p50) ms")
        #expect(step.latency.p50 >= firstByte.latency.p50)
        #expect(step.successes == 40)
    }

    @Test func anAdHocRequestBecomesAStepWithMethodHeadersAndBody() async throws {
        let server = try await HTTPRunHarness.startTarget()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-body-\(UUID()).json")
        try #"{"from":"file"}"#.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let factory = HTTPRunHarness.registry.factory(for: "http")!
        let definition = try factory.adHocStep(
            AdHocRequest(
                protocolName: "http",
                url: "http://127.0.0.1:\(server.ports.http)/echo",
                method: "put",
                headers: ["X-Run: ad-hoc", "Content-Type: application/json"],
                body: "@\(file.path)",
                timeout: 2_000_000_000
            )
        )
        let step = try #require(definition as? HTTPStep)
        #expect(step.method == "PUT")
        #expect(step.headers == ["X-Run: ad-hoc", "Content-Type: application/json"])
        #expect(step.body == .bytes(Array(#"{"from":"file"}"#.utf8), contentType: nil))
        #expect(step.timeout == 2_000_000_000)
        try await server.stop()
    }
}
