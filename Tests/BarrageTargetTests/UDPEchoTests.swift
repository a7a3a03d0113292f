import BarrageTarget
import Testing

@Suite(.timeLimit(.minutes(1)))
struct UDPEchoTests {
    @Test func echoesEachDatagram() async throws {
        try await withTarget { server in
            let socket = try await UDPTestSocket.connect(port: server.ports.udp)
            try await socket.send("datagram one")
            #expect(await socket.receive() == Array("datagram one".utf8))
            try await socket.send("two")
            #expect(await socket.receive() == Array("two".utf8))
            await socket.close()
        }
    }

    @Test func errorFaultDropsDatagrams() async throws {
        try await withTarget { server in
            try await setFaults(#"{"udp":{"error":{"rate":1}}}"#, on: server)
            let socket = try await UDPTestSocket.connect(port: server.ports.udp)
            try await socket.send("lost")
            #expect(await socket.receive(timeout: .milliseconds(300)) == nil)
            #expect(server.statistics.snapshot().listeners["udp"]?.faultsInjected == 1)
            await socket.close()
        }
    }

    @Test func garbageFaultAnswersRandomBytes() async throws {
        try await withTarget { server in
            try await setFaults(#"{"udp":{"garbage":{"probability":1,"bytes":16}}}"#, on: server)
            let socket = try await UDPTestSocket.connect(port: server.ports.udp)
            try await socket.send("hello")
            let answer = try #require(await socket.receive())
            #expect(answer.count == 16)
            await socket.close()
        }
    }

    @Test func latencyAndStallDelayTheAnswer() async throws {
        try await withTarget { server in
            try await setFaults(#"{"udp":{"latency":{"ms":80}}}"#, on: server)
            let socket = try await UDPTestSocket.connect(port: server.ports.udp)
            let withLatency = try await milliseconds { () async throws in
                try await socket.send("late")
                #expect(await socket.receive() == Array("late".utf8))
            }
            #expect(withLatency >= 70 && withLatency < 1000)
            try await setFaults(#"{"udp":{"stall":{"duration_ms":300,"period_ms":10000}}}"#, on: server)
            let withStall = try await milliseconds { () async throws in
                try await socket.send("held")
                #expect(await socket.receive() == Array("held".utf8))
            }
            #expect(withStall >= 250 && withStall < 1500)
            await socket.close()
        }
    }
}
