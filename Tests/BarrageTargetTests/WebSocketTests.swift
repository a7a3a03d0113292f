import BarrageTarget
import Foundation
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct WebSocketTests {
    @Test func echoReturnsTextAndBinaryMessages() async throws {
        try await withTarget { server in
            let client = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            try await client.send(text: "hello websocket")
            #expect(
                try await client.receive() == WebSocketTestFrame(opcode: 0x1, payload: Array("hello websocket".utf8))
            )
            let binary = (0..<300).map { UInt8($0 % 256) }
            try await client.send(opcode: WebSocketTestClient.binary, binary)
            #expect(try await client.receive() == WebSocketTestFrame(opcode: 0x2, payload: binary))
            await client.close()
        }
    }

    @Test func echoAnswersPingsWithPongs() async throws {
        try await withTarget { server in
            let client = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            try await client.send(opcode: WebSocketTestClient.ping, Array("are you there".utf8))
            #expect(try await client.receive() == WebSocketTestFrame(opcode: 0xA, payload: Array("are you there".utf8)))
            await client.close()
        }
    }

    @Test func closeHandshakeIsAnsweredAndTheConnectionCloses() async throws {
        try await withTarget { server in
            let client = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            try await client.send(opcode: WebSocketTestClient.close, [0x03, 0xE8])
            let reply = try await client.receive()
            #expect(reply.opcode == WebSocketTestClient.close)
            #expect(reply.payload == [0x03, 0xE8])
            #expect(try await client.socket.waitForClose().bytes.isEmpty)
        }
    }

    @Test func plainHTTPOnTheWebSocketPortIsTold426Or404() async throws {
        try await withTarget { server in
            let echo = try await HTTPTestClient.connect(port: server.ports.ws)
            #expect(try await echo.request("GET", "/echo").status == 426)
            let other = try await HTTPTestClient.connect(port: server.ports.ws)
            #expect(try await other.request("GET", "/nothing").status == 404)
        }
    }

    @Test func pubsubFansOutPublishedMessagesToSubscribers() async throws {
        try await withTarget { server in
            let first = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/pubsub")
            let second = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/pubsub")
            let publisher = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/pubsub")
            for client in [first, second] {
                try await client.send(text: #"{"subscribe":"prices"}"#)
                #expect(try await client.receive().text == #"{"subscribed":"prices"}"#)
            }
            try await publisher.send(text: #"{"publish":"prices","data":{"eur":1.08}}"#)
            #expect(try await publisher.receive().text == #"{"published":"prices","receivers":2}"#)
            for client in [first, second] {
                let message = try await client.receive().json
                #expect(message["topic"] as? String == "prices")
                #expect((message["data"] as? [String: Double])?["eur"] == 1.08)
            }
            try await second.send(text: #"{"unsubscribe":"prices"}"#)
            #expect(try await second.receive().text == #"{"unsubscribed":"prices"}"#)
            try await publisher.send(text: #"{"publish":"prices","data":2}"#)
            #expect(try await publisher.receive().text == #"{"published":"prices","receivers":1}"#)
            #expect(try await first.receive().text == #"{"data":2,"topic":"prices"}"#)
            try await publisher.send(text: #"{"shout":"x"}"#)
            #expect(try await publisher.receive().json["error"] is String)
            for client in [first, second, publisher] { await client.close() }
        }
    }

    @Test func tickerSendsSequencedMessagesStampedWithSendTime() async throws {
        try await withTarget(tickRate: 50) { server in
            let client = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/pubsub")
            try await client.send(text: #"{"subscribe":"ticker"}"#)
            #expect(try await client.receive().text == #"{"subscribed":"ticker"}"#)
            var sequence: [Int] = []
            let start = ContinuousClock.now
            for _ in 0..<10 {
                let tick = try await client.receive().json
                #expect(tick["topic"] as? String == "ticker")
                let sentNs = try #require(tick["sent_ns"] as? Int)
                let nowNs = Int(Date().timeIntervalSince1970 * 1e9)
                #expect(abs(nowNs - sentNs) < 1_000_000_000, "sent_ns is CLOCK_REALTIME")
                sequence.append(try #require(tick["seq"] as? Int))
            }
            let elapsed = ContinuousClock.now - start
            #expect(zip(sequence, sequence.dropFirst()).allSatisfy { $0 + 1 == $1 })
            // 10 ticks at 50/s take about 200 ms.
            #expect(elapsed >= .milliseconds(150) && elapsed < .seconds(2), "\(elapsed)")
            await client.close()
        }
    }

    @Test func stallHoldsTickerMessagesSoTheirAgeShows() async throws {
        try await withTarget(tickRate: 100) { server in
            let client = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/pubsub")
            try await client.send(text: #"{"subscribe":"ticker"}"#)
            _ = try await client.receive()
            _ = try await client.receive()
            try await setFaults(#"{"ws":{"stall":{"duration_ms":300,"period_ms":10000}}}"#, on: server)
            // Ticks already in flight arrive first; read until the held ones come (at most 60 ticks).
            var oldest = 0
            for _ in 0..<60 where oldest < 250_000_000 {
                let tick = try await client.receive().json
                let age = Int(Date().timeIntervalSince1970 * 1e9) - (tick["sent_ns"] as? Int ?? 0)
                oldest = max(oldest, age)
            }
            #expect(
                oldest >= 250_000_000,
                "a tick held by the 300 ms stall arrives at least 250 ms old, got \(oldest) ns"
            )
            await client.close()
        }
    }

    @Test func wsLatencyAndDropFaultsApplyToMessages() async throws {
        try await withTarget { server in
            try await setFaults(#"{"ws":{"latency":{"ms":100}}}"#, on: server)
            let client = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            let elapsed = try await milliseconds { () async throws in
                try await client.send(text: "late")
                #expect(try await client.receive().text == "late")
            }
            #expect(elapsed >= 90 && elapsed < 1000)
            try await setFaults(#"{"ws":{"error":{"rate":1,"mode":"drop"}}}"#, on: server)
            try await client.send(text: "lost")
            await #expect(throws: TestSocketError.self) { _ = try await client.receive(timeout: .milliseconds(300)) }
            await client.close()
        }
    }

    @Test func wsCloseResetAndGarbageFaultsBreakTheConnection() async throws {
        try await withTarget { server in
            try await setFaults(#"{"ws":{"error":{"rate":1,"mode":"close"}}}"#, on: server)
            let closing = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            try await closing.send(text: "x")
            #expect(!(try await closing.socket.waitForClose().reset))

            try await setFaults(#"{"ws":{"reset":{"probability":1}}}"#, on: server)
            let resetting = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            try await resetting.send(text: "x")
            #expect(try await resetting.socket.waitForClose().reset)

            try await setFaults(#"{"ws":{"garbage":{"probability":1,"bytes":40}}}"#, on: server)
            let garbled = try await WebSocketTestClient.connect(port: server.ports.ws, path: "/echo")
            try await garbled.send(text: "x")
            #expect(try await garbled.socket.waitForClose().bytes.count == 40)
        }
    }

    @Test func wsRefuseClosesConnectionsBeforeTheHandshake() async throws {
        try await withTarget { server in
            try await setFaults(#"{"ws":{"refuse":true}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.ws)
            #expect(try await socket.waitForClose().bytes.isEmpty)
        }
    }
}
