import BarrageTarget
import NIOCore
import Testing

/// Starts a target on free loopback ports for one test, runs the body, and always stops it.
func withTarget(
    faults: FaultSet = FaultSet(),
    tickRate: Double = 10,
    threads: Int = 1,
    _ body: (TargetServer) async throws -> Void
) async throws {
    let server = try await TargetServer.start(.ephemeral(threads: threads, tickRate: tickRate, faults: faults))
    do {
        try await body(server)
    } catch {
        try await server.stop()
        throw error
    }
    try await server.stop()
}

/// Sets faults through `POST /admin/faults`, as a user at run time would, and checks they were accepted.
func setFaults(_ json: String, on server: TargetServer) async throws {
    let admin = try await HTTPTestClient.connect(port: server.ports.http)
    let response = try await admin.request("POST", "/admin/faults", body: json)
    await admin.close()
    #expect(response.status == 200, "faults rejected: \(response.text)")
}

/// Wall-clock milliseconds an operation takes.
func milliseconds(_ operation: () async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await operation()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}
