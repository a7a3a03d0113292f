import BarrageTarget
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct CapacityFaultTests {
    @Test func answersNoFasterThanTheCapacityAcrossConnections() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"capacity":{"per_second":100}}}"#, on: server)
            let clients = try await (0..<5).asyncMap { _ in try await HTTPTestClient.connect(port: server.ports.http) }
            // 5 connections × 12 requests = 60 answers at 100/s: the last one cannot come before ≈600 ms.
            let elapsed = try await milliseconds { () async throws in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in clients {
                        group.addTask { () async throws in
                            for _ in 0..<12 {
                                let status = try await client.request("GET", "/").status
                                #expect(status == 200)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(elapsed >= 580, "60 answers at 100/s took only \(elapsed) ms")
            for client in clients { await client.close() }
        }
    }

    @Test func oneRequestBelowCapacityWaitsAboutOneServiceTime() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"capacity":{"per_second":10}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            try await Task.sleep(nanoseconds: 200_000_000)
            let elapsed = try await milliseconds { () async throws in
                #expect(try await client.request("GET", "/").status == 200)
            }
            #expect(elapsed >= 95 && elapsed < 1000, "one service at 10/s took \(elapsed) ms")
            await client.close()
        }
    }

    @Test func maxWaitRefusesWhatWouldQueueTooLong() async throws {
        try await withTarget { server in
            try await setFaults(#"{"tcp":{"capacity":{"per_second":20,"max_wait_ms":200}}}"#, on: server)
            // 20 connections each send one line at once: about 4 fit in 200 ms at 20/s, the rest are closed.
            let sockets = try await (0..<20).asyncMap { _ in try await TestSocket.connect(port: server.ports.tcp) }
            for socket in sockets { try await socket.send("ping\n") }
            var answered = 0
            var closed = 0
            for socket in sockets {
                // Either the echoed line, or nothing when the connection is closed.
                let bytes = try await socket.receive(timeout: .milliseconds(1500)) { bytes, isClosed in
                    bytes.count >= 5 ? 5 : (isClosed ? bytes.count : nil)
                }
                if bytes == Array("ping\n".utf8) { answered += 1 } else if bytes.isEmpty { closed += 1 }
            }
            #expect((2...6).contains(answered), "\(answered) answered within 200 ms at 20/s")
            #expect(answered + closed == 20)
            for socket in sockets { await socket.close() }
        }
    }

    @Test func eachChangeOfFaultsStartsWithAnEmptyQueue() throws {
        var faults = FaultSet()
        faults.tcp.capacity = CapacityFault(perSecond: 1, listener: .tcp)
        let board = FaultBoard(faults)
        let first = try #require(board.faults.tcp.capacity)
        // Ten requests at once at 1/s: the tenth answer comes 10 s later.
        for _ in 0..<9 { _ = first.admit(now: 0) }
        #expect(first.admit(now: 0) == 10_000_000_000)
        // Setting the same value again starts with no backlog, and so does a second board made from it.
        board.replace(with: faults)
        #expect(try #require(board.faults.tcp.capacity).admit(now: 0) == 1_000_000_000)
        #expect(try #require(FaultBoard(faults).faults.tcp.capacity).admit(now: 0) == 1_000_000_000)
    }

    @Test func capacityFlagBecomesTheSameFaultAsJSON() throws {
        var flagged = FaultSet()
        try FaultFlag.apply("udp.capacity=500:250", to: &flagged)
        let decoded = try FaultSet(jsonData: Array(#"{"udp":{"capacity":{"per_second":500,"max_wait_ms":250}}}"#.utf8))
        #expect(flagged == decoded)
        #expect(throws: FaultValidationError.self) { try FaultFlag.apply("http.capacity=0", to: &flagged) }
    }
}

extension Range where Bound == Int {
    fileprivate func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for index in self { values.append(try await transform(index)) }
        return values
    }
}
