import BarrageTesting
import Foundation

/// Checks result.json files against docs/result.schema.json.
enum ResultSchemaCheck {
    /// The repository's root (for docs/result.schema.json).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The problems `SchemaCheck` finds in a result.json (empty when valid).
    static func problems(_ path: String) throws -> String {
        try SchemaCheck.problems(
            schema: repository.appendingPathComponent("docs/result.schema.json").path,
            document: path
        )
    }
}
