import BarrageTarget
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct HTTPFaultTests {
    @Test func fixedLatencyDelaysEveryAnswer() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"latency":{"ms":120}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            for _ in 0..<3 {
                let elapsed = try await milliseconds { () async throws in
                    #expect(try await client.request("GET", "/").status == 200)
                }
                #expect(elapsed >= 110 && elapsed < 1000, "took \(elapsed) ms")
            }
            await client.close()
        }
    }

    @Test func uniformLatencyStaysWithinItsBounds() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"latency":{"distribution":"uniform","min_ms":40,"max_ms":80}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            for _ in 0..<5 {
                let elapsed = try await milliseconds { () async throws in _ = try await client.request("GET", "/") }
                #expect(elapsed >= 38 && elapsed < 500, "took \(elapsed) ms")
            }
            await client.close()
        }
    }

    @Test func normalLatencyCentresOnItsMean() async throws {
        try await withTarget { server in
            try await setFaults(
                #"{"http":{"latency":{"distribution":"normal","mean_ms":50,"stddev_ms":5}}}"#,
                on: server
            )
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let total = try await milliseconds { () async throws in
                for _ in 0..<10 { _ = try await client.request("GET", "/") }
            }
            #expect(total / 10 >= 40 && total / 10 < 200, "mean \(total / 10) ms")
            await client.close()
        }
    }

    @Test func errorRateOneAnswers500() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"error":{"rate":1}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let response = try await client.request("GET", "/")
            #expect(response.status == 500)
            #expect(try await client.request("GET", "/echo").status == 500, "keep-alive survives a 500")
            #expect(server.statistics.snapshot().listeners["http"]?.faultsInjected == 2)
            await client.close()
        }
    }

    @Test func errorRateHalfFailsAboutHalf() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"error":{"rate":0.5}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            var failures = 0
            for _ in 0..<200 where try await client.request("GET", "/").status == 500 {
                failures += 1
            }
            #expect((60...140).contains(failures), "\(failures) of 200 failed")
            await client.close()
        }
    }

    @Test func errorModeCloseClosesTheConnectionWithoutAnswer() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"error":{"rate":1,"mode":"close"}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            try await client.socket.send(HTTPTestClient.encode("GET", "/"))
            let closed = try await client.socket.waitForClose()
            #expect(closed.bytes.isEmpty)
            #expect(!closed.reset)
        }
    }

    @Test func stallHoldsRequestsUntilTheStallEnds() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            // Warm the connection, then start a 300 ms stall (it begins when set), repeating every 10 s.
            _ = try await client.request("GET", "/")
            try await setFaults(#"{"http":{"stall":{"duration_ms":300,"period_ms":10000}}}"#, on: server)
            let start = ContinuousClock.now
            try await client.socket.send(HTTPTestClient.encode("GET", "/") + HTTPTestClient.encode("GET", "/echo"))
            let first = try await client.readResponse()
            let second = try await client.readResponse()
            let elapsed = ContinuousClock.now - start
            #expect(first.status == 200 && second.status == 200, "held, not dropped")
            #expect(elapsed >= .milliseconds(250), "answered after \(elapsed)")
            #expect(elapsed < .milliseconds(1500))
            // After the stall, answers are immediate again.
            let after = try await milliseconds { () async throws in _ = try await client.request("GET", "/") }
            #expect(after < 150)
            await client.close()
        }
    }

    @Test func slowResponsesTrickleBytesPerInterval() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"slow":{"bytes":20,"interval_ms":20}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            // About 100 header bytes + 15 body bytes at 20 bytes per 20 ms: at least 5 intervals.
            let elapsed = try await milliseconds { () async throws in
                let response = try await client.request("GET", "/")
                #expect(response.text == "barrage target\n")
            }
            #expect(elapsed >= 90 && elapsed < 2000, "took \(elapsed) ms")
            await client.close()
        }
    }

    @Test func resetFaultSendsATCPReset() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"reset":{"probability":1}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            try await client.socket.send(HTTPTestClient.encode("GET", "/"))
            let closed = try await client.socket.waitForClose()
            #expect(closed.bytes.isEmpty)
            #expect(closed.reset, "expected ECONNRESET")
        }
    }

    @Test func garbageFaultAnswersRandomBytesThenCloses() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"garbage":{"probability":1,"bytes":48}}}"#, on: server)
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            try await client.socket.send(HTTPTestClient.encode("GET", "/"))
            let closed = try await client.socket.waitForClose()
            #expect(closed.bytes.count == 48)
            #expect(!closed.bytes.starts(with: Array("HTTP/".utf8)))
        }
    }

    @Test func refuseClosesNewConnectionsOnAccept() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"refuse":true}}"#, on: server)
            let client = try await TestSocket.connect(port: server.ports.http)
            let closed = try await client.waitForClose()
            #expect(closed.bytes.isEmpty)
            #expect(server.statistics.snapshot().listeners["http"]?.rejectedConnections == 1)
        }
    }

    @Test func connectionCapClosesConnectionsBeyondIt() async throws {
        try await withTarget { server in
            try await setFaults(#"{"http":{"max_connections":2}}"#, on: server)
            let first = try await HTTPTestClient.connect(port: server.ports.http)
            let second = try await HTTPTestClient.connect(port: server.ports.http)
            #expect(try await first.request("GET", "/").status == 200)
            #expect(try await second.request("GET", "/").status == 200)
            let third = try await TestSocket.connect(port: server.ports.http)
            #expect(try await third.waitForClose().bytes.isEmpty)
            #expect(try await first.request("GET", "/").status == 200, "connections under the cap keep working")
            await first.close()
            await second.close()
        }
    }

    @Test func faultsFromTheConfigurationApplyFromStart() async throws {
        var faults = FaultSet()
        faults.http.error = ErrorFault(rate: 1, mode: .status)
        try await withTarget(faults: faults) { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            #expect(try await client.request("GET", "/").status == 500)
            await client.close()
        }
    }
}
