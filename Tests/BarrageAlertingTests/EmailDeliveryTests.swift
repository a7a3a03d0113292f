import BarrageAlerting
import BarrageMetrics
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct EmailDeliveryTests {
    @Test func aMailGoesOutOverSTARTTLSWithLoginHeadersAndTheVerdict() async throws {
        let receiver = try SMTPReceiver(user: "barrage", password: "pa55-w0rd")
        defer { receiver.stop() }
        let channel = EmailChannel(
            url: "smtp://127.0.0.1:\(receiver.port)",
            username: "barrage",
            password: "pa55-w0rd",
            from: "barrage@example.com",
            to: ["oncall@example.com", "lead@example.com"],
            caFile: receiver.certificate,
            settings: AlertDeliverySettings(timeout: 10_000_000_000, retries: 0)
        )
        let dispatcher = AlertDispatcher(channels: [channel])
        dispatcher.send(ChannelDeliveryTests.event(.fail))
        dispatcher.send(ChannelDeliveryTests.event(.end))
        let problems = await dispatcher.finish(timeout: 60_000_000_000)
        #expect(problems.isEmpty, "\(problems)")
        let messages = await receiver.waitFor(2)
        try #require(messages.count == 2)
        let fail = messages[0]
        #expect(fail.login == "barrage")
        #expect(fail.from == "barrage@example.com")
        #expect(fail.recipients == ["oncall@example.com", "lead@example.com"])
        #expect(fail.header("Subject") == "[barrage] FAIL p95 < 500ms [scenario=checkout step=login] - checkout-plan")
        #expect(fail.header("From") == "<barrage@example.com>")
        #expect(fail.header("To") == "<oncall@example.com>, <lead@example.com>")
        #expect(fail.header("X-Barrage-Run-ID") == "20261126T001500Z-abc")
        #expect(fail.header("X-Barrage-Event") == "fail")
        #expect(fail.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(fail.header("Date")?.hasSuffix("+0000") == true)
        #expect(fail.content.contains("FAILED p95 < 500ms [scenario=checkout step=login]: 612.5ms"))
        #expect(fail.content.contains("report: results/x/report.html"))
        #expect(!fail.content.contains("pa55-w0rd"))
        #expect(messages[1].header("Subject") == "[barrage] FAILED checkout-plan (run 20261126T001500Z-abc)")
        #expect(messages[1].header("X-Barrage-Event") == "end")
    }

    @Test func aRefusedLoginIsReportedWithoutThePassword() async throws {
        let receiver = try SMTPReceiver(user: "barrage", password: "right-one")
        defer { receiver.stop() }
        let dispatcher = AlertDispatcher(channels: [
            EmailChannel(
                url: "smtp://127.0.0.1:\(receiver.port)",
                username: "barrage",
                password: "wrong-pa55word",
                from: "barrage@example.com",
                to: ["oncall@example.com"],
                caFile: receiver.certificate,
                settings: AlertDeliverySettings(timeout: 10_000_000_000, retries: 2, backoff: 10_000_000)
            )
        ])
        dispatcher.send(ChannelDeliveryTests.event(.fail))
        let problems = await dispatcher.finish(timeout: 60_000_000_000)
        #expect(receiver.messages.isEmpty)
        #expect(problems.count == 1)
        let problem = problems.first ?? ""
        // A refused login is not retried: the same password would be refused again.
        #expect(
            problem.hasPrefix("email (smtp://127.0.0.1:\(receiver.port)): fail alert not delivered after 1 attempt(s)")
        )
        #expect(!problem.contains("wrong-pa55word"))
    }

    @Test func aServerWithoutTheTrustedCertificateIsRefused() async throws {
        let receiver = try SMTPReceiver(user: "barrage", password: "pw-1234")
        defer { receiver.stop() }
        let dispatcher = AlertDispatcher(channels: [
            EmailChannel(
                url: "smtp://127.0.0.1:\(receiver.port)",
                username: "barrage",
                password: "pw-1234",
                from: "barrage@example.com",
                to: ["oncall@example.com"],
                settings: AlertDeliverySettings(timeout: 10_000_000_000, retries: 0)
            )
        ])
        dispatcher.send(ChannelDeliveryTests.event(.fail))
        let problems = await dispatcher.finish(timeout: 60_000_000_000)
        #expect(receiver.messages.isEmpty)
        #expect(problems.count == 1 && !(problems.first ?? "").contains("pw-1234"))
    }
}
