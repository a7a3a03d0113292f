import BarrageCLI
import BarrageCore
import BarrageSocket
import Foundation
import Synchronization

/// Runs `barrage` command lines in this process (with the TCP/UDP client) and captures what they print.
enum TestTypeHarness {
    struct Outcome {
        var status: Int32
        var out: String
        var err: String
    }

    static func run(_ arguments: [String]) async -> Outcome {
        let out = Mutex("")
        let err = Mutex("")
        let console = Console(
            isTerminal: false,
            out: { text in out.withLock { $0 += text } },
            err: { text in err.withLock { $0 += text } }
        )
        let status = await BarrageCLI.execute(
            arguments: arguments,
            registry: ClientRegistry([SocketClientFactory()]),
            console: console
        )
        return Outcome(status: status, out: out.withLock { $0 }, err: err.withLock { $0 })
    }

    /// Writes `text` to `name` in a fresh temporary folder; returns its path.
    static func file(_ text: String, name: String = "scenario.yaml") -> String {
        let folder = temporaryFolder()
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// A fresh temporary folder.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "barrage-testtypes-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension TestTypeHarness {
    /// The repository's root (for docs/result.schema.json).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Checks a result.json against docs/result.schema.json with Python's `jsonschema`; returns the problems
    /// printed (empty when valid).
    static func resultSchemaProblems(_ path: String) throws -> String {
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
