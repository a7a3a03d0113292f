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

    /// Runs Python's `jsonschema` (Draft 2020-12) over YAML files; status 0 when all are valid.
    static func validate(_ paths: [String]) throws -> (status: Int32, output: String) {
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            bad = 0
            for path in sys.argv[2:]:
                for error in jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(open(path))):
                    print("invalid:", path, "/".join(map(str, error.absolute_path)), error.message[:300])
                    for sub in (error.context or [])[:6]:
                        print("  ", sub.message[:200])
                    bad += 1
            sys.exit(1 if bad else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", "-c", script, repository.appendingPathComponent("docs/scenario.schema.json").path]
            + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if output.contains("No module named") {
            Issue.record(
                "python3 with jsonschema and yaml is required (Debian: python3-jsonschema python3-yaml): \(output)"
            )
        }
        return (process.terminationStatus, output)
    }
}
