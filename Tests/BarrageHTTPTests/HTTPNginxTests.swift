import BarrageCore
import BarrageMetrics
import Foundation
import Testing

/// TLS, HTTP/2, cookies, redirects and compression against a real nginx (Debian's), started per test.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HTTPNginxTests {
    @Test func httpsVerifiesAgainstTheGivenCAAndNegotiatesHTTP2() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let url = "https://127.0.0.1:\(nginx.tlsPort)/protocol"
        let h2 = try await HTTPRunHarness.runStep(
            users: 2,
            iterations: 5,
            #"{url: "\#(url)", tls: {ca: "\#(nginx.caFile)"}, expect: {body: {equals: HTTP/2.0}}}"#
        )
        let h1 = try await HTTPRunHarness.runStep(
            #"{url: "\#(url)", http_version: "1.1", tls: {ca: "\#(nginx.caFile)"}, expect: {body: {equals: HTTP/1.1}}}"#
        )
        #expect(h2.successes == 10, "\(h2.errors)")
        #expect(h1.successes == 1, "\(h1.errors)")
        let tls = try #require(h2.phases.first { $0.name == "tls" })
        #expect(tls.latency.max > 0)
    }

    @Test func anUntrustedCertificateIsATLSErrorUnlessInsecureIsSaid() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let url = "https://127.0.0.1:\(nginx.tlsPort)/protocol"
        let untrusted = try await HTTPRunHarness.runStep(users: 2, iterations: 2, #"{url: "\#(url)"}"#)
        let insecure = try await HTTPRunHarness.runStep(#"{url: "\#(url)", tls: {insecure: true}}"#)
        #expect(untrusted.errors == ["tls": 4])
        #expect(insecure.successes == 1, "\(insecure.errors)")
    }

    @Test func aClientCertificateIsPresented() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let url = "https://127.0.0.1:\(nginx.tlsPort)/client-cert"
        let with = try await HTTPRunHarness.runStep(
            """
            {url: "\(url)", tls: {ca: "\(nginx.caFile)", cert: "\(nginx.clientCertificate)", key: "\(nginx.clientKey)"},
             expect: {body: {contains: barrage-client}}}
            """
        )
        let without = try await HTTPRunHarness.runStep(#"{url: "\#(url)", tls: {ca: "\#(nginx.caFile)"}}"#)
        #expect(with.successes == 1, "\(with.errors)")
        #expect(without.errors == ["http_4xx": 1])
    }

    @Test func http2WithPriorKnowledgeSpeaksH2OverCleartext() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let step = try await HTTPRunHarness.runStep(
            users: 3,
            iterations: 10,
            """
            {url: "http://127.0.0.1:\(nginx.h2cPort)/protocol", http_version: "2-prior-knowledge",
             expect: {body: {equals: HTTP/2.0}}}
            """
        )
        #expect(step.successes == 30, "\(step.errors)")
    }

    @Test func cookiesSetByTheServerAreSentBackByTheSameUserOnly() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let base = "http://127.0.0.1:\(nginx.plainPort)"
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              cookies:
                load: {model: per-user-iterations, users: 2, iterations: 2}
                flow:
                  - name: before
                    http: {url: "\(base)/show-cookie", expect: {body: {contains: "cookie=[]"}}}
                  - name: set
                    http: {url: "\(base)/set-cookie"}
                  - name: after
                    http: {url: "\(base)/show-cookie", expect: {body: {contains: "cookie=[session=s3cr3t]"}}}
            """
        )
        let result = await HTTPRunHarness.run(plan)
        let steps = result.scenarios[0].steps
        // Each user's first iteration has no cookie yet; its second does (from its own first iteration).
        #expect(steps[0].successes == 2 && steps[0].errors == ["check_failed": 2], "\(steps[0].errors)")
        #expect(steps[2].successes == 2, "\(steps[2].errors)")
    }

    @Test func redirectsAreFollowedUpToTheLimitOrNotAtAll() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let base = "http://127.0.0.1:\(nginx.plainPort)"
        let followed = try await HTTPRunHarness.runStep(
            #"{url: "\#(base)/redirect", expect: {status: 200, body: {equals: HTTP/1.1}}}"#
        )
        let notFollowed = try await HTTPRunHarness.runStep(
            #"{url: "\#(base)/redirect", follow_redirects: false, expect: {status: 302, header: {Location: {contains: /protocol}}}}"#
        )
        let loop = try await HTTPRunHarness.runStep(#"{url: "\#(base)/loop", max_redirects: 3}"#)
        #expect(followed.successes == 1, "\(followed.errors)")
        #expect(notFollowed.successes == 1, "\(notFollowed.errors)")
        #expect(loop.errors == ["too_many_redirects": 1])
    }

    @Test func compressedResponsesAreDecoded() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let url = "http://127.0.0.1:\(nginx.plainPort)/big.txt"
        let compressed = try await HTTPRunHarness.runStep(
            #"{url: "\#(url)", compressed: true, expect: {header: {Content-Encoding: gzip}, body: {contains: "compresses well. barrage"}}}"#
        )
        let plain = try await HTTPRunHarness.runStep(
            #"{url: "\#(url)", expect: {header: {Content-Encoding: {exists: false}}}}"#
        )
        #expect(compressed.successes == 1, "\(compressed.errors)")
        #expect(plain.successes == 1, "\(plain.errors)")
        #expect(compressed.bytesReceived < plain.bytesReceived)
    }

    @Test func aConnectionTheServerClosedWhileTheUserThoughtIsReplacedQuietly() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let plan = try HTTPRunHarness.plan(
            """
            scenarios:
              idle:
                load: {model: per-user-iterations, users: 2, iterations: 4}
                think_time: 400ms
                flow:
                  - http: {url: "http://127.0.0.1:\(nginx.plainPort)/short-keepalive", expect: {body: {equals: ok}}}
            """
        )
        let result = await HTTPRunHarness.run(plan)
        #expect(result.firstStep.successes == 8, "\(result.firstStep.errors)")
        let connect = try #require(result.firstStep.phases.first { $0.name == "connect" })
        #expect(connect.latency.p50 > 0, "every iteration connects anew")
    }
}
