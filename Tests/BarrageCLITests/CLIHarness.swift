import BarrageCLI
import BarrageCore
import BarrageSocket
import Foundation
import Synchronization

/// Runs `barrage` command lines in this process and captures what they print.
struct CLIHarness {
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

    /// A fresh temporary folder.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "barrage-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to a new file in a temporary folder and returns its path.
    static func file(_ text: String, name: String = "scenario.yaml") -> String {
        let path = temporaryFolder() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}
