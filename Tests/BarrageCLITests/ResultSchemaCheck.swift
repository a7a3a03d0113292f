import Foundation

/// Checks result.json files against docs/result.schema.json.
enum ResultSchemaCheck {
    /// The repository's root (for docs/result.schema.json).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Checks a result.json against docs/result.schema.json with Python's `jsonschema`; returns the problems
    /// printed (empty when valid).
    static func problems(_ path: String) throws -> String {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            for error in jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))):
                print("/".join(map(str, error.absolute_path)), error.message[:300])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", script, repository.appendingPathComponent("docs/result.schema.json").path, path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : "python3 failed: \(output)"
    }
}
