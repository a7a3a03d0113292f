import BarrageCore
import BarrageWebSocket
import Testing

/// `ws:` steps are checked when the scenario loads, with the file, line and field of what is wrong.
struct WebSocketStepParsingTests {
    private func message(_ yaml: String) -> String {
        do {
            _ = try WebSocketRunHarness.step(yaml)
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    @Test func eachActionParsesWithItsDefaults() throws {
        let connect = try #require(try WebSocketRunHarness.step("{connect: 'ws://h/echo'}") as? WebSocketStep)
        guard case .connect(let options) = connect.action else {
            Issue.record("not a connect step")
            return
        }
        #expect(options.url == "ws://h/echo")
        #expect(!options.compression && !options.reuse)
        #expect(connect.timeout == 10_000_000_000)
        let close = try #require(try WebSocketRunHarness.step("{close: {code: 4000, reason: bye}}") as? WebSocketStep)
        guard case .close(let code, let reason) = close.action else {
            Issue.record("not a close step")
            return
        }
        #expect(code == 4000 && reason == "bye")
        let receive = try #require(try WebSocketRunHarness.step("{receive: 3, lag: $.sent_ns}") as? WebSocketStep)
        #expect(receive.phaseNames == ["first_message", "inter_arrival", "lag"])
        let expect = try #require(
            try WebSocketRunHarness.step("{expect: {contains: ok}, timeout: 1s}") as? WebSocketStep
        )
        #expect(expect.timeout == 1_000_000_000)
    }

    @Test func aMisspelledFieldNamesItsLineAndTheFieldMeant() {
        let text = message("{connect: 'ws://h/echo',\n subprotocl: chat}")
        #expect(text.contains("step.yaml:2:2"), "\(text)")
        #expect(text.contains("did you mean 'subprotocol'"), "\(text)")
    }

    @Test func aStepDoesOneThing() {
        #expect(message("{send: a, ping: b}").contains("a ws step does one thing: found send and ping"))
        #expect(message("{timeout: 1s}").contains("a ws step needs one of connect, send, expect"))
    }

    @Test func badValuesAreRejectedWithAReason() {
        #expect(message("{connect: 'http://h/'}").contains("must start with ws:// or wss://"))
        #expect(message("{connect: 'ws://h:99999/'}").contains("port must be a number from 1 to 65535"))
        #expect(message("{close: 1005}").contains("a close code is 1000–1003 or 3000–4999"))
        #expect(message("{receive: {count: 2, duration: 1s}}").contains("give either count or duration"))
        #expect(message("{expect: {regex: '('}}").contains("invalid regular expression"))
        #expect(message("{expect: {json: {'order.id': 1}}}").contains("is not a JSON path"))
        #expect(message("{receive: {duration: 5s}, timeout: 1s}").contains("at least the receive duration"))
        #expect(message("{connect: 'ws://h/', headers: {X-A: \"1\\r\\nX-B: 2\"}}").contains("line breaks"))
    }
}
