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
