import BarrageTarget
import Testing

@Suite(.timeLimit(.minutes(1)))
struct AdminFaultsTests {
    @Test func postSetsFaultsThatGetShowsAndDeleteClears() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let set = try await client.request(
                "POST",
                "/admin/faults",
                body: #"{"tcp":{"latency":{"ms":25},"error":{"rate":0.5,"mode":"drop"}}}"#
            )
            #expect(set.status == 200)
            let shown = try await client.request("GET", "/admin/faults")
            let tcp = try #require(shown.json["tcp"] as? [String: Any])
            #expect((tcp["latency"] as? [String: Any])?["ms"] as? Double == 25)
            #expect((tcp["error"] as? [String: Any])?["mode"] as? String == "drop")
            #expect(server.faults.faults.tcp.latency == .fixed(ms: 25))
            #expect(try await client.request("DELETE", "/admin/faults").status == 200)
            #expect(server.faults.faults == FaultSet())
            let cleared = try await client.request("GET", "/admin/faults")
            #expect((cleared.json["tcp"] as? [String: Any])?.isEmpty == true)
            await client.close()
        }
    }

    @Test func badFaultInputIs400NamingTheField() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let cases: [(String, String)] = [
                (#"{"tcp":{"latency":{"ms":-5}}}"#, "faults.tcp.latency.ms: must be a non-negative number"),
                (#"{"http":{"error":{"rate":2}}}"#, "faults.http.error.rate: must be a number between 0 and 1"),
                (#"{"http":{"error":{"rate":1,"mode":"drop"}}}"#, "faults.http.error.mode"),
                (#"{"ws":{"stall":{"duration_ms":500,"period_ms":100}}}"#, "faults.ws.stall.duration_ms"),
                (#"{"udp":{"refuse":true}}"#, "faults.udp.refuse: not supported for udp"),
                (#"{"http":{"latncy":{"ms":1}}}"#, "faults.http.latncy: unknown field"),
                (#"{"smtp":{}}"#, "faults.smtp: unknown field"),
                (#"{"http":{"latency":{"distribution":"zipf"}}}"#, "faults.http.latency.distribution"),
                ("not json", "faults: is not valid JSON"),
            ]
            for (body, expected) in cases {
                let response = try await client.request("POST", "/admin/faults", body: body)
                #expect(response.status == 400, "\(body)")
                let message = response.json["error"] as? String ?? ""
                #expect(message.hasPrefix(expected), "\(body) -> \(message)")
            }
            #expect(server.faults.faults == FaultSet(), "a rejected document must not change the faults")
            await client.close()
        }
    }
}
