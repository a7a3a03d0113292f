import BarrageMetrics
import Foundation
import Testing

@Suite struct ResultSchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schema = repository.appendingPathComponent("docs/result.schema.json").path

    @Test func resultJSONConformsToItsDocumentedSchema() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("result.json")
        try ResultFactory.shared.write(to: path)
        let outcome = try Self.validate(path)
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    @Test func theSchemaRejectsADocumentWithAMissingOrMistypedField() throws {
        let folder = try TemporaryFolder()
        let data = try ResultFactory.shared.jsonData()
        var document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        document["scenarios"] = [["name": "x"]]
        document["durationSeconds"] = "long"
        let path = folder.path("broken.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        let outcome = try Self.validate(path)
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("invalid"))
    }

    /// Runs Python's `jsonschema` (Draft 2020-12) on `path`; status 0 when valid.
    static func validate(_ path: String) throws -> (status: Int32, output: String) {
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
            for error in errors[:10]:
                print("invalid:", "/".join(map(str, error.absolute_path)), error.message[:200])
            sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if output.contains("No module named") {
            Issue.record("python3 with the jsonschema module is required (Debian: python3-jsonschema): \(output)")
        }
        return (process.terminationStatus, output)
    }
}
