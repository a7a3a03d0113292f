import BarrageMetrics
import Testing

/// Templated arguments and checks, against a real redis-server: what each user sent is read back with
/// redis-cli, so a template rendered wrongly (or not at all) shows as a wrong key or value.
@Suite(.timeLimit(.minutes(1)))
struct RedisTemplateTests {
    @Test func argumentsAreRenderedPerUserAndIterationInEveryFormOfCommand() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let address = server.address
        let result = try await RedisRunHarness.run(
            users: 3,
            iterations: 2,
            flow: """
                - name: list form
                  redis: {address: "\(address)", command: [SET, "session:${vu}", "token-${vu}-${iteration}"], expect: OK}
                - name: line form
                  redis: {address: "\(address)", command: "RPUSH log:${vu} ${iteration} ${random_int(1, 100)}"}
                - name: templated check
                  redis:
                    address: "\(address)"
                    command: [GET, "session:${vu}"]
                    expect: {equals: "token-${vu}-${iteration}"}
                - name: pipeline
                  redis: {address: "\(address)", pipeline: [[INCR, "hits:${vu}"], [INCR, "hits:${vu}"]]}
                - name: constant beside templated
                  redis: {address: "\(address)", command: [INCR, total]}
                """
        )
        for index in 0..<5 {
            #expect(result.step(index).successes == 6, "step \(index): \(result.step(index).errors)")
        }
        for vu in 1...3 {
            #expect(try server.cli(["GET", "session:\(vu)"]) == "token-\(vu)-1\n")
            #expect(try server.cli(["GET", "hits:\(vu)"]) == "4\n")
            // Two iterations of RPUSH with the iteration and a random number from 1 to 100 (one argument).
            let log = try server.cli(["LRANGE", "log:\(vu)", "0", "-1"]).split(separator: "\n")
            #expect(log.count == 4, "\(log)")
            if log.count == 4 {
                #expect(log[0] == "0" && log[2] == "1")
                #expect(Int(log[1]).map { (1...100).contains($0) } == true && Int(log[3]) != nil)
            }
        }
        #expect(try server.cli(["GET", "total"]) == "6\n")
        // The constant step sent the same bytes each time: the request size is fixed.
        #expect(result.step(4).bytesSent == 6 * UInt64("*2\r\n$4\r\nINCR\r\n$5\r\ntotal\r\n".utf8.count))
        #expect(
            result.step(0).bytesSent == 6
                * UInt64("*3\r\n$3\r\nSET\r\n$9\r\nsession:1\r\n$9\r\ntoken-1-0\r\n".utf8.count)
        )
    }

    @Test func aTemplatedCheckThatDoesNotMatchFails() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let address = server.address
        let result = try await RedisRunHarness.run(
            users: 2,
            iterations: 2,
            flow: """
                - redis: {address: "\(address)", command: [SET, "k:${vu}", "a${vu}"]}
                - redis: {address: "\(address)", command: [GET, "k:${vu}"], expect: {contains: "a${vu}"}}
                - redis: {address: "\(address)", command: [GET, "k:${vu}"], expect: {equals: "b${vu}"}}
                """
        )
        #expect(result.step(1).successes == 4)
        #expect(result.step(2).errors == ["check_failed": 4])
    }
}
