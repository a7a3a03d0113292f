import ArgumentParser
import BarrageReport
import Foundation

/// `barrage report`: regenerates every output of a run from its result.json alone.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate stats.csv, history.csv, report.html, summary.md and junit.xml from a result.json.",
        discussion: "Exit 2 when the result cannot be read or the outputs cannot be written."
    )

    @Argument(help: "A results folder, or a result.json.")
    var source: String

    @Option(help: "Write the outputs to this folder (default: the folder of the result.json).")
    var out: String?

    func run() async throws {
        let console = RegistryContext.console
        do {
            let file = try ResultFile(source)
            let result = try file.requireResult()
            let sourceFolder = (file.path as NSString).deletingLastPathComponent
            let folder = out ?? (sourceFolder.isEmpty ? "." : sourceFolder)
            let samePlace =
                URL(fileURLWithPath: folder).standardizedFileURL.path
                == URL(fileURLWithPath: sourceFolder.isEmpty ? "." : sourceFolder).standardizedFileURL.path
            let paths = try ReportSet.writeAll(result, to: folder, includingResult: !samePlace)
            for path in paths { console.line("wrote \(path)") }
        } catch let error as ReportError {
            throw CommandFailure(error.description)
        }
    }
}
