import BarrageMetrics
import Testing

/// `extract:` on redis steps, against a real redis-server: a reply goes into a variable that later commands
/// send, and redis-cli then finds the keys and values those commands wrote.
@Suite(.timeLimit(.minutes(1)))
struct RedisExtractionTests {
    @Test func repliesOfEveryShapeFeedLaterCommands() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        _ = try server.cli(["HSET", "profile", "name", "ada", "visits", "7"])
        let address = server.address
        let result = try await RedisRunHarness.run(
            users: 2,
            iterations: 3,
            flow: """
                - name: integer
                  redis: {address: "\(address)", command: [INCR, "counter:${vu}"]}
                  extract: {n: {from: body}}
                - name: key from a variable
                  redis: {address: "\(address)", command: [SET, "copy:${vu}:${n}", "value ${n}"], expect: OK}
                - name: push
                  redis: {address: "\(address)", command: [RPUSH, "list:${vu}", "say \\"hi\\"", "${n}"]}
                - name: array as JSON
                  redis: {address: "\(address)", command: [LRANGE, "list:${vu}", "-2", "-1"]}
                  extract: {quoted: "$[0]", last: "$[1]"}
                - name: resp3 map as JSON
                  redis: {address: "\(address)", protocol: 3, command: [HGETALL, profile]}
                  extract: {name: $.name}
                - name: null takes the default
                  redis: {address: "\(address)", command: [GET, missing]}
                  extract: {gone: {from: body, default: none}}
                - name: write what was read
                  redis:
                    address: "\(address)"
                    command: [SET, "seen:${vu}", "${last}|${quoted}|${name}|${gone}"]
                    expect: OK
                - name: check with what was read
                  redis: {address: "\(address)", command: [GET, "copy:${vu}:${last}"], expect: {equals: "value ${n}"}}
                """
        )
        for index in 0..<8 {
            #expect(result.step(index).successes == 6, "step \(index): \(result.step(index).errors)")
        }
        for vu in 1...2 {
            #expect(try server.cli(["GET", "seen:\(vu)"]) == "3|say \"hi\"|ada|none\n")
            for n in 1...3 { #expect(try server.cli(["GET", "copy:\(vu):\(n)"]) == "value \(n)\n") }
        }
    }

    @Test func aNullReplyWithoutDefaultFailsTheExtraction() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let result = try await RedisRunHarness.run(
            users: 1,
            iterations: 2,
            flow: """
                - redis: {address: "\(server.address)", command: [GET, missing]}
                  extract: {value: {from: body}}
                """
        )
        #expect(result.step(0).errors == ["extraction_failed": 2])
    }

    @Test func aPipelineExtractsFromItsLastReply() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let result = try await RedisRunHarness.run(
            users: 1,
            iterations: 2,
            flow: """
                - redis: {address: "\(server.address)", pipeline: [[SET, a, first], [INCR, b], [GET, a]]}
                  extract: {a: {from: body}}
                - redis: {address: "\(server.address)", command: [SET, "result", "${a}"]}
                """
        )
        #expect(result.step(0).successes == 2)
        #expect(try server.cli(["GET", "result"]) == "first\n")
    }
}
