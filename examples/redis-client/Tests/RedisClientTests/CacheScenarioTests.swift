import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// `cache.yaml`, the example scenario, run end to end as a user would run it: the embedded target in this
/// process (HTTP), a real redis-server with a password, the file loaded from disk with its ports and password
/// from the environment. Shortened to a few users for a few seconds; nothing else is changed.
@Suite(.timeLimit(.minutes(1)), .serialized)
struct CacheScenarioTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("cache.yaml").path

    @Test func everyItemCreatedOverHTTPIsCachedInRedisWithoutAFailure() async throws {
        let password = "cache-\(UUID().uuidString)"
        let redis = try await RedisServer.start(password: password)
        defer { redis.stop() }
        let target = try await TargetServer.start(TargetConfiguration.ephemeral(threads: 1))
        let variables = [
            "BARRAGE_HTTP_PORT": "\(target.ports.http)", "REDIS_PORT": "\(redis.port)", "REDIS_PASSWORD": password,
        ]
        for (name, value) in variables { setenv(name, value, 1) }
        defer { for name in variables.keys { unsetenv(name) } }

        let users = 4
        let plan = try PlanLoader(registry: RedisRunHarness.registry).load(
            path: Self.path,
            overrides: LoadOverrides(users: users, duration: 2_000_000_000, spawnRate: 100)
        )
        #expect(plan.secrets.redact("auth \(password)") == "auth ***")
        let result = await RedisRunHarness.run(plan, workers: 2)
        let items = target.items.list(limit: 1_000_000)
        try await target.stop()

        #expect(result.status == .completed)
        let rows = result.scenarios[0].steps
        #expect(
            rows.map(\.name) == [
                "login", "session write", "create item", "cache", "cache write", "cache read", "owner index",
                "session read", "views and ttl (pipelined)",
            ]
        )
        for row in rows { #expect(row.failures == 0, "\(row.name): \(row.errors)") }
        // Every iteration ran the whole flow: one of each step per item created.
        let created = rows[2].count
        #expect(created > 0)
        #expect(rows.allSatisfy { $0.count == created }, "\(rows.map(\.count))")
        #expect(UInt64(items.total) == created)

        // Redis holds what HTTP returned, under each item's key, and the keys derived from it.
        let owners = Set(try redis.cli(["-n", "1", "KEYS", "owner:*:items"]).split(separator: "\n").map(String.init))
        #expect(owners == Set((1...users).map { "owner:user\($0):items" }))
        var indexed = 0
        for owner in owners { indexed += Int(try redis.cli(["-n", "1", "SCARD", owner]).dropLast()) ?? 0 }
        #expect(indexed == items.total)
        // Each cached value decodes to the item the target holds; two redis-cli calls read them all.
        let keys = items.items.map { "item:\($0.id)" }
        let cached = try redis.cli(["-n", "1", "MGET"] + keys).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(cached.count == items.items.count + 1, "\(cached.count) values for \(items.items.count) items")
        for (item, value) in zip(items.items, cached) {
            let decoded = try? JSONDecoder().decode(ItemStore.Item.self, from: Data(value.utf8))
            #expect(decoded == item, "item \(item.id): \(value)")
        }
        let views = try redis.cli(["-n", "1", "MGET"] + keys.map { $0 + ":views" }).split(separator: "\n")
        #expect(views.map(String.init) == Array(repeating: "1", count: items.items.count), "\(views)")
        for vu in 1...users {
            #expect(try redis.cli(["-n", "1", "GET", "session:\(vu)"]).count > 10, "session:\(vu)")
        }
        // Database 0 is untouched: the steps SELECT 1 on connect.
        #expect(try redis.cli(["DBSIZE"]) == "0\n")
    }
}
