import BarrageAlerting
import BarrageMetrics
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ChannelDeliveryTests {
    static let failing = ThresholdVerdict(
        threshold: "p95 < 500ms",
        scope: "scenario=checkout step=login",
        status: .failed,
        observed: 612.5,
        limit: 500,
        unit: "ms",
        observedText: "612.5ms",
        abortOnFail: true
    )

    static func event(_ kind: AlertEventKind = .fail) -> AlertEvent {
        AlertEvent(
            kind: kind,
            runID: "20261126T001500Z-abc",
            plan: "checkout-plan",
            verdict: kind == .end ? nil : failing,
            verdicts: kind == .end ? [failing] : [],
            second: 12,
            reportPath: "results/x/report.html",
            status: kind == .end ? "completed" : nil
        )
    }

    static let quick = AlertDeliverySettings(timeout: 5_000_000_000, retries: 0)

    @Test func aWebhookPostsTheEventAsJSONWithItsHeaders() async throws {
        let server = try CaptureHTTPServer()
        defer { server.stop() }
        let dispatcher = AlertDispatcher(channels: [
            WebhookChannel(
                url: "http://127.0.0.1:\(server.port)/hooks/barrage?token=abc123",
                headers: ["Authorization: Bearer s3cr3t-t0ken"],
                settings: Self.quick
            )
        ])
        dispatcher.send(Self.event(.fail))
        dispatcher.send(Self.event(.end))
        let problems = await dispatcher.finish(timeout: 30_000_000_000)
        #expect(problems.isEmpty, "\(problems)")
        let requests = server.received
        try #require(requests.count == 2)
        #expect(requests[0].method == "POST" && requests[0].path == "/hooks/barrage?token=abc123")
        #expect(requests[0].headers["authorization"] == "Bearer s3cr3t-t0ken")
        #expect(requests[0].headers["content-type"] == "application/json")
        let fail = requests[0].json
        #expect(fail["event"] as? String == "fail")
        #expect(fail["run_id"] as? String == "20261126T001500Z-abc")
        #expect(fail["plan"] as? String == "checkout-plan")
        #expect(fail["scenario"] as? String == "checkout")
        #expect(fail["scope"] as? String == "scenario=checkout step=login")
        #expect(fail["threshold"] as? String == "p95 < 500ms")
        #expect(number(fail["observed"]) == 612.5)
        #expect(fail["observed_text"] as? String == "612.5ms")
        #expect(number(fail["limit"]) == 500)
        #expect(fail["status"] as? String == "failed")
        #expect(fail["report"] as? String == "results/x/report.html")
        #expect(number(fail["second"]) == 12)
        let end = requests[1].json
        #expect(end["event"] as? String == "end" && end["passed"] as? Bool == false)
        #expect(end["run_status"] as? String == "completed")
        let verdicts = end["verdicts"] as? [[String: Any]] ?? []
        #expect(verdicts.count == 1 && verdicts.first?["threshold"] as? String == "p95 < 500ms")
    }

    @Test func slackGetsOneReadableMessagePerAlert() async throws {
        let server = try CaptureHTTPServer()
        defer { server.stop() }
        let dispatcher = AlertDispatcher(channels: [
            SlackChannel(url: "http://127.0.0.1:\(server.port)/services/T000/B000/XXXX", settings: Self.quick)
        ])
        dispatcher.send(Self.event(.fail))
        #expect(await dispatcher.finish(timeout: 30_000_000_000).isEmpty)
        let requests = server.received
        try #require(requests.count == 1)
        #expect(requests[0].path == "/services/T000/B000/XXXX")
        let text = requests[0].json["text"] as? String ?? ""
        #expect(text.hasPrefix(":red_circle: *FAIL p95 < 500ms [scenario=checkout step=login]: observed 612.5ms"))
        #expect(text.contains("run 20261126T001500Z-abc at 12s"))
        #expect(text.contains("• report: results/x/report.html"))
        #expect(requests[0].json.count == 1)
    }

    @Test func aServerErrorIsRetriedWithBackoffThenSucceeds() async throws {
        let server = try CaptureHTTPServer(statuses: [503, 500])
        defer { server.stop() }
        let settings = AlertDeliverySettings(timeout: 5_000_000_000, retries: 2, backoff: 50_000_000)
        let dispatcher = AlertDispatcher(channels: [
            WebhookChannel(url: "http://127.0.0.1:\(server.port)/", settings: settings)
        ])
        dispatcher.send(Self.event())
        #expect(await dispatcher.finish(timeout: 30_000_000_000).isEmpty)
        #expect(server.received.count == 3)
    }

    @Test func aClientErrorIsNotRetriedAndIsReportedWithoutSecrets() async throws {
        let server = try CaptureHTTPServer(statuses: [403])
        defer { server.stop() }
        let dispatcher = AlertDispatcher(channels: [
            WebhookChannel(
                url: "http://127.0.0.1:\(server.port)/hook/t0ken-in-path",
                headers: ["Authorization: Bearer s3cr3t"],
                settings: AlertDeliverySettings(retries: 3, backoff: 10_000_000)
            )
        ])
        dispatcher.send(Self.event())
        let problems = await dispatcher.finish(timeout: 30_000_000_000)
        #expect(server.received.count == 1)
        #expect(
            problems == [
                "webhook (http://127.0.0.1:\(server.port)): fail alert not delivered after 1 attempt(s): HTTP 403"
            ]
        )
    }

    @Test func aDeadChannelIsReportedAndDoesNotHoldUpTheOthers() async throws {
        let dead = try CaptureHTTPServer(listens: false)
        defer { dead.stop() }
        let deadPort = dead.port
        let live = try CaptureHTTPServer()
        defer { live.stop() }
        let dispatcher = AlertDispatcher(channels: [
            SlackChannel(
                url: "http://127.0.0.1:\(deadPort)/services/SECRET-TOKEN",
                settings: AlertDeliverySettings(timeout: 2_000_000_000, retries: 1, backoff: 10_000_000)
            ),
            WebhookChannel(url: "http://127.0.0.1:\(live.port)/", settings: Self.quick),
        ])
        let start = Date()
        dispatcher.send(Self.event())
        // `send` only queues.
        #expect(Date().timeIntervalSince(start) < 0.5)
        let problems = await dispatcher.finish(timeout: 30_000_000_000)
        #expect(live.received.count == 1)
        #expect(problems.count == 1)
        let problem = problems.first ?? ""
        #expect(problem.hasPrefix("slack (http://127.0.0.1:\(deadPort)): fail alert not delivered after 2 attempt(s)"))
        #expect(!problem.contains("SECRET-TOKEN"))
    }

    @Test func aHungChannelNeverBlocksSendAndIsAbandonedAtTheDeadline() async throws {
        let hung = try CaptureHTTPServer(answers: false)
        defer { hung.stop() }
        let dispatcher = AlertDispatcher(channels: [
            WebhookChannel(
                url: "http://127.0.0.1:\(hung.port)/",
                settings: AlertDeliverySettings(timeout: 20_000_000_000, retries: 0)
            )
        ])
        let start = Date()
        for _ in 0..<3 { dispatcher.send(Self.event()) }
        #expect(Date().timeIntervalSince(start) < 0.5)
        let problems = await dispatcher.finish(timeout: 500_000_000)
        // The 20 s attempt is not waited for.
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(
            problems == [
                "webhook (http://127.0.0.1:\(hung.port)): 3 alert(s) still unsent when the run ended; abandoned"
            ]
        )
    }

    @Test func alertsOverTheRateLimitAreCountedNotSent() async throws {
        let server = try CaptureHTTPServer()
        defer { server.stop() }
        let dispatcher = AlertDispatcher(channels: [
            WebhookChannel(
                url: "http://127.0.0.1:\(server.port)/",
                settings: AlertDeliverySettings(rateLimit: 2, ratePeriod: 3600, retries: 0)
            )
        ])
        for _ in 0..<5 { dispatcher.send(Self.event(.fail)) }
        dispatcher.send(Self.event(.end))
        let problems = await dispatcher.finish(timeout: 30_000_000_000)
        let events = server.received.map { $0.json["event"] as? String ?? "" }
        #expect(events == ["fail", "fail", "end"])
        #expect(problems.count == 1 && problems[0].contains("3 alert(s) not sent: rate limit of 2 per 3600s"))
    }

    @Test func channelsGetOnlyTheEventsTheyAskFor() async throws {
        let server = try CaptureHTTPServer()
        defer { server.stop() }
        let dispatcher = AlertDispatcher(channels: [
            WebhookChannel(url: "http://127.0.0.1:\(server.port)/", settings: AlertDeliverySettings(events: [.end]))
        ])
        dispatcher.send(Self.event(.fail))
        dispatcher.send(Self.event(.recover))
        dispatcher.send(Self.event(.end))
        #expect(await dispatcher.finish(timeout: 30_000_000_000).isEmpty)
        #expect(server.received.map { $0.json["event"] as? String ?? "" } == ["end"])
    }
}
