import BarrageMetrics
import Testing

@Suite(.timeLimit(.minutes(1)))
struct RedisCommandTests {
    @Test func setThenGetRunsEveryCommandAndChecksTheReply() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let result = try await RedisRunHarness.run(
            users: 2,
            iterations: 5,
            flow: """
                - name: set
                  redis: {address: "\(server.address)", command: [SET, "item:1", "hello world"], expect: {equals: OK}}
                - name: get
                  redis: {address: "\(server.address)", command: [GET, "item:1"], expect: {equals: hello world}}
                """
        )
        #expect(result.step(0).successes == 10)
        #expect(result.step(1).successes == 10)
        #expect(result.step(1).bytesReceived == 10 * UInt64("$11\r\nhello world\r\n".utf8.count))
        #expect(try server.calls(of: "set") == 10)
        #expect(try server.calls(of: "get") == 10)
    }

    @Test func typeAndContainsChecksPassAndAFailedCheckKeepsTheConnection() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let connectionsBefore = try server.info("total_connections_received")
        let result = try await RedisRunHarness.run(
            iterations: 4,
            flow: """
                - redis: {address: "\(server.address)", command: [INCR, counter], expect: {type: integer}}
                - redis: {address: "\(server.address)", command: [GET, missing], expect: {type: "null"}}
                - redis: {address: "\(server.address)", command: "RPUSH list alpha beta", expect: {type: integer}}
                - redis: {address: "\(server.address)", command: [LRANGE, list, 0, -1], expect: {contains: beta}}
                - redis: {address: "\(server.address)", command: [GET, counter], expect: {equals: "not a number"}}
                """
        )
        for index in 0..<4 { #expect(result.step(index).successes == 4, "step \(index)") }
        #expect(result.step(4).errors == ["check_failed": 4])
        // One connection for the whole run, check failures included, and one for this redis-cli call.
        #expect(try server.info("total_connections_received") - connectionsBefore == 2)
        #expect(try server.cli(["GET", "counter"]).contains("4"))
    }

    @Test func aPipelineWritesAllCommandsAtOnceAndReadsEveryReply() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let commands = Array(repeating: "[INCR, hits]", count: 16).joined(separator: ", ")
        let result = try await RedisRunHarness.run(
            users: 2,
            iterations: 3,
            flow: """
                - name: sixteen
                  redis: {address: "\(server.address)", pipeline: [\(commands)], expect: {type: integer}}
                - name: after
                  redis: {address: "\(server.address)", command: [PING], expect: {equals: PONG}}
                """
        )
        #expect(result.step(0).count == 6)
        #expect(result.step(0).successes == 6)
        #expect(result.step(1).successes == 6)
        #expect(try server.calls(of: "incr") == 96)
        #expect(try server.cli(["GET", "hits"]).contains("96"))
    }

    @Test func errorRepliesBecomeRedisErrorKindsAndKeepTheConnection() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        _ = try server.cli(["SET", "text", "value"])
        let pingsBefore = try server.calls(of: "ping")
        let connectionsBefore = try server.info("total_connections_received")
        let address = server.address
        let result = try await RedisRunHarness.run(
            iterations: 3,
            flows: [
                """
                - redis: {address: "\(address)", command: [LPUSH, text, x], expect: {type: error, contains: WRONGTYPE}}
                - redis: {address: "\(address)", command: [PING], expect: {equals: PONG}}
                - redis: {address: "\(address)", command: [LPUSH, text, x]}
                """,
                """
                - redis: {address: "\(address)", command: [NOSUCHCOMMAND]}
                """,
                """
                - redis: {address: "\(address)", pipeline: [[PING], [INCR, text], [PING]]}
                """,
            ]
        )
        #expect(result.step(0, 0).successes == 3)
        #expect(result.step(0, 1).successes == 3)
        #expect(result.step(0, 2).errors == ["redis_wrongtype": 3])
        #expect(result.step(1, 0).errors == ["redis_error": 3])
        #expect(result.step(2, 0).errors == ["redis_error": 3])
        // One connection per scenario's user for the whole run, and one for this redis-cli call.
        #expect(try server.info("total_connections_received") - connectionsBefore == 4)
        // Every reply of the failed pipelines was read: 3 PINGs of scenario 0, 6 of scenario 2.
        #expect(try server.calls(of: "ping") - pingsBefore == 9)
    }

    @Test func selectOnConnectWritesToTheChosenDatabase() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let result = try await RedisRunHarness.run(
            iterations: 2,
            flow: """
                - redis: {address: "\(server.address)", database: 3, command: [SET, where, three]}
                - redis: {address: "\(server.address)", command: [SET, where, zero]}
                - redis: {address: "\(server.address)", database: 3, command: [GET, where], expect: {equals: three}}
                """
        )
        #expect(result.step(0).successes == 2)
        #expect(result.step(2).successes == 2)
        #expect(try server.calls(of: "select") == 1)
        #expect(try server.cli(["-n", "3", "GET", "where"]).contains("three"))
        #expect(try server.cli(["GET", "where"]).contains("zero"))
    }

    @Test func resp3HelloGivesMapsAndDoubles() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let result = try await RedisRunHarness.run(
            iterations: 2,
            flow: """
                - redis: {address: "\(server.address)", protocol: 3, command: [HSET, h, a, "1"]}
                - redis: {address: "\(server.address)", protocol: 3, command: [HGETALL, h], expect: {type: map}}
                - redis: {address: "\(server.address)", protocol: 3, command: [ZADD, z, "1.5", m]}
                - redis: {address: "\(server.address)", protocol: 3, command: [ZSCORE, z, m], expect: {type: double, equals: "1.5"}}
                - redis: {address: "\(server.address)", command: [HGETALL, h], expect: {type: array}}
                """
        )
        for index in 0..<5 { #expect(result.step(index).successes == 2, "step \(index)") }
        #expect(try server.calls(of: "hello") == 1)
    }

    @Test func perUserIterationsOnTwoWorkersRunsExactlyUsersTimesIterations() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        _ = try server.cli(["SET", "item", "cached"])
        let connectionsBefore = try server.info("total_connections_received")
        let result = try await RedisRunHarness.run(
            users: 8,
            iterations: 125,
            flow: """
                - name: get
                  redis: {address: "\(server.address)", command: [GET, item], expect: {equals: cached}}
                - name: pipelined
                  redis: {address: "\(server.address)", pipeline: [[GET, item], [GET, item], [GET, item], [GET, item]]}
                """,
            workers: 2
        )
        #expect(result.status == .completed)
        #expect(result.scenarios[0].iterations == 1000)
        #expect(result.step(0).count == 1000)
        #expect(result.step(0).successes == 1000)
        #expect(result.step(1).successes == 1000)
        #expect(try server.calls(of: "get") == 5000)
        // One connection per user, and one for each redis-cli call since.
        #expect(try server.info("total_connections_received") - connectionsBefore == 8 + 2)
    }

    @Test func aRefusedPortIsConnectRefused() async throws {
        let port = RedisServer.freePort()
        let result = try await RedisRunHarness.run(
            users: 2,
            iterations: 3,
            flow: """
                - redis: {address: "127.0.0.1:\(port)", command: [PING]}
                """
        )
        #expect(result.step(0).errors == ["connect_refused": 6])
        #expect(result.status == .completed)
    }
}
