import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct RedisValidateTests {
    /// Validates `text` written to a scenario file; returns the outcome and the file's path (removed again).
    private func validate(_ text: String) async throws -> (outcome: CommandLineCapture.Outcome, path: String) {
        let folder = NSTemporaryDirectory() + "barrage-redis-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/typo.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (await CommandLineCapture.run(["validate", path]), path)
    }

    @Test func aTypoInARedisStepReachesTheUserWithFileLineColumnAndField() async throws {
        let (outcome, path) = try await validate(
            """
            scenarios:
              cache:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow:
                  - redis:
                      address: "127.0.0.1:6379"
                      comand: [GET, key]
            """
        )
        #expect(outcome.status == 2)
        #expect(
            outcome.err.contains(
                "\(path):7:11: scenarios.cache.flow[0].redis.comand: unknown field 'comand'; did you mean 'command'?"
            ),
            "\(outcome.err)"
        )
    }

    @Test func aBadReplyTypeNamesTheFieldAndTheNearestType() async throws {
        let (outcome, path) = try await validate(
            """
            scenarios:
              cache:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow:
                  - redis: {address: "127.0.0.1:6379", command: [INCR, n], expect: {type: integr}}
            """
        )
        #expect(outcome.status == 2)
        #expect(outcome.err.contains("\(path):5:"), "\(outcome.err)")
        #expect(outcome.err.contains("redis.expect.type: unknown reply type 'integr'; did you mean 'integer'?"))
    }

    @Test func anUndefinedVariableInAnArgumentOrCheckIsNamedWithItsPlaceAndANearName() async throws {
        let (outcome, path) = try await validate(
            """
            scenarios:
              cache:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow:
                  - redis: {address: "127.0.0.1:6379", command: [INCR, n]}
                    extract: {item_id: {from: body}}
                  - redis: {address: "127.0.0.1:6379", command: [GET, "item:${itme_id}"]}
                  - redis: {address: "127.0.0.1:6379", command: "GET ${item_id} ${tokn}", expect: "${item_id}"}
                  - redis: {address: "127.0.0.1:6379", command: [GET, k], expect: {contains: "${owner}"}}
            """
        )
        #expect(outcome.status == 2)
        // The first problem follows "error: ", the others are listed under it.
        let lines = outcome.err.split(separator: "\n").compactMap { line in
            line.firstRange(of: path).map { String(line[$0.lowerBound...]) }
        }
        let undefined = "is not defined; define it in variables:, with an extract: of an earlier step, or from data:"
        let expected: [String] = [
            "\(path):7:59: scenarios.cache.flow[1].redis.command[1]: variable 'itme_id' is not defined; did you "
                + "mean 'item_id'?",
            "\(path):8:53: scenarios.cache.flow[2].redis.command: variable 'tokn' \(undefined)",
            "\(path):9:82: scenarios.cache.flow[3].redis.expect.contains: variable 'owner' \(undefined)",
        ]
        #expect(lines == expected, "\(outcome.err)")
    }

    @Test func aMalformedPlaceholderIsAnErrorAtItsArgument() async throws {
        let (outcome, path) = try await validate(
            """
            scenarios:
              cache:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow:
                  - redis: {address: "127.0.0.1:6379", command: [SET, "key:${vu", v]}
            """
        )
        #expect(outcome.status == 2)
        #expect(
            outcome.err.contains(
                "\(path):5:59: scenarios.cache.flow[0].redis.command[1]: '${' without its closing '}'"
            ),
            "\(outcome.err)"
        )
    }

    @Test func theMixedExampleScenarioValidates() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cache.yaml").path
        let outcome = await CommandLineCapture.run(["validate", example])
        #expect(outcome.status == 0, "\(outcome.err)")
        #expect(outcome.out.contains("ok"))
    }
}
