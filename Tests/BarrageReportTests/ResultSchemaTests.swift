import BarrageMetrics
import BarrageTesting
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

    /// Runs `SchemaCheck` with docs/result.schema.json on `path`; status 0 when valid.
    static func validate(_ path: String) throws -> (status: Int32, output: String) {
        try SchemaCheck.run(schema: schema, documents: [path])
    }
}
