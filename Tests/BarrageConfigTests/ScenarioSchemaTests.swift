import BarrageTesting
import Foundation
import Testing

/// docs/scenario.schema.json, the JSON Schema editors use: valid itself, accepting every example, and
/// refusing what the loader refuses at the top levels.
struct ScenarioSchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var examples: [String] {
        let folder = repository.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
            + [folder.appendingPathComponent("redis-client/cache.yaml").path]
    }

    @Test func everyExampleConformsToTheSchema() throws {
        #expect(Self.examples.count >= 4)
        let outcome = try Self.validate(Self.examples)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func theSchemaRefusesMisspeltFieldsAndMissingLoads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.yaml").path
        try """
        scenarios:
          s:
            lod: {model: constant-users, users: 1, duration: 1s}
            flow:
              - group: g
                flow: []
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try Self.validate([path])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("'lod' was unexpected"))
        #expect(outcome.output.contains("'load' is a required property"))
    }

    /// Runs `SchemaCheck` with docs/scenario.schema.json over YAML files; status 0 when all are valid.
    static func validate(_ paths: [String]) throws -> (status: Int32, output: String) {
        try SchemaCheck.run(
            schema: repository.appendingPathComponent("docs/scenario.schema.json").path,
            documents: paths
        )
    }
}
