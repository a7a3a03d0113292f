import BarrageTarget
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct TCPLineEchoTests {
    private func line(_ bytes: [UInt8], _ closed: Bool) -> Int? {
        bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }
    }

    @Test func echoesEachLine() async throws {
        try await withTarget { server in
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            try await socket.send("hello\nsecond line\npart")
            #expect(try await socket.receive(until: line) == Array("hello\n".utf8))
            #expect(try await socket.receive(until: line) == Array("second line\n".utf8))
            try await socket.send("ial\n")
            #expect(try await socket.receive(until: line) == Array("partial\n".utf8))
            #expect(server.statistics.snapshot().listeners["tcp"]?.messages == 3)
            await socket.close()
        }
    }

    @Test func latencyDelaysEachLine() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"latency":{"ms":100}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            let elapsed = try await milliseconds { () async throws in
                try await socket.send("ping\n")
                #expect(try await socket.receive(until: line) == Array("ping\n".utf8))
            }
            #expect(elapsed >= 90 && elapsed < 1000)
            await socket.close()
        }
    }

    @Test func errorDropSwallowsLinesAndKeepsTheConnection() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"error":{"rate":1,"mode":"drop"}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            try await socket.send("lost\n")
            await #expect(throws: TestSocketError.self) {
                _ = try await socket.receive(timeout: .milliseconds(300), until: line)
            }
            try await setFaults("{}", on: server)
            try await socket.send("kept\n")
            #expect(try await socket.receive(until: line) == Array("kept\n".utf8))
            await socket.close()
        }
    }

    @Test func errorCloseClosesTheConnection() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"error":{"rate":1}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            try await socket.send("bye\n")
            let closed = try await socket.waitForClose()
            #expect(closed.bytes.isEmpty && !closed.reset)
        }
    }

    @Test func resetFaultSendsATCPReset() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"reset":{"probability":1}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            try await socket.send("x\n")
            #expect(try await socket.waitForClose().reset)
        }
    }

    @Test func garbageFaultAnswersRandomBytes() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"garbage":{"probability":1,"bytes":32}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            try await socket.send("hello\n")
            let bytes = try await socket.receive { bytes, _ in bytes.count >= 32 ? 32 : nil }
            #expect(bytes != Array("hello\n".utf8))
            #expect(bytes.count == 32)
            await socket.close()
        }
    }

    @Test func stallHoldsLinesUntilTheStallEnds() async throws {
        try await withTarget { server in
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            try await setFaults(#"{"tcp":{"stall":{"duration_ms":300,"period_ms":10000}}}"#, on: server)
            let elapsed = try await milliseconds { () async throws in
                try await socket.send("a\nb\n")
                #expect(try await socket.receive(until: line) == Array("a\n".utf8))
                #expect(try await socket.receive(until: line) == Array("b\n".utf8))
            }
            #expect(elapsed >= 250 && elapsed < 1500, "took \(elapsed) ms")
            await socket.close()
        }
    }

    @Test func slowFaultTricklesTheEcho() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"slow":{"bytes":4,"interval_ms":25}}}"#, on: server)
            let socket = try await TestSocket.connect(port: server.ports.tcp)
            let text = "0123456789abcdefghi\n"
            let elapsed = try await milliseconds { () async throws in
                try await socket.send(text)
                #expect(try await socket.receive(until: line) == Array(text.utf8))
            }
            // 20 bytes at 4 per 25 ms: 5 writes, 4 intervals.
            #expect(elapsed >= 90 && elapsed < 2000, "took \(elapsed) ms")
            await socket.close()
        }
    }

    @Test func refuseAndConnectionCapCloseNewConnections() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"max_connections":1}}"#, on: server)
            let first = try await TestSocket.connect(port: server.ports.tcp)
            try await first.send("one\n")
            #expect(try await first.receive(until: line) == Array("one\n".utf8))
            let second = try await TestSocket.connect(port: server.ports.tcp)
            #expect(try await second.waitForClose().bytes.isEmpty)
            try await setFaults(#"{"tcp":{"refuse":true}}"#, on: server)
            let third = try await TestSocket.connect(port: server.ports.tcp)
            #expect(try await third.waitForClose().bytes.isEmpty)
            #expect(server.statistics.snapshot().listeners["tcp"]?.rejectedConnections == 2)
            await first.close()
        }
    }
}
