import ArgumentParser
import BarrageMetrics
import BarrageReport

/// `barrage merge`: merges the results of the parts of a distributed run exactly, and writes every output.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge result.json files of one distributed run into one result, and write every output.",
        discussion: """
            Counts add up, histograms merge (percentiles stay HDR-exact) and per-second series align on their \
            wall-clock second. Parts must have the same schema version and the same scenarios and steps; \
            exit 2 otherwise.
            """
    )

    @Argument(help: "The parts: result.json files or results folders.")
    var sources: [String]

    @Option(name: .shortAndLong, help: "The folder to write the merged result and its outputs to.")
    var out: String

    @Flag(help: "Merge the segments given even when some of the split are missing (the totals are then short).")
    var partial = false

    func run() async throws {
        let console = RegistryContext.console
        guard sources.count >= 2 || partial else { throw CommandFailure("give at least two results to merge") }
        do {
            let files = try sources.map { path throws(ReportError) in try ResultFile(path) }
            let versions = Set(files.map(\.schemaVersion))
            if versions.count > 1 { throw MergeError.schemaVersionsDiffer(versions.sorted()) }
            let parts = try files.map { file throws(ReportError) in try file.requireResult() }
            let merged = try RunResult.merge(parts, allowingMissingSegments: partial)
            let paths = try ReportSet.writeAll(merged, to: out, includingResult: true)
            console.line(
                "merged \(parts.count) results: \(merged.totalSamples) samples, \(merged.totalFailures) failed"
            )
            for path in paths { console.line("wrote \(path)") }
        } catch let error as ReportError {
            throw CommandFailure(error.description)
        } catch let error as MergeError {
            throw CommandFailure(error.description)
        }
    }
}
