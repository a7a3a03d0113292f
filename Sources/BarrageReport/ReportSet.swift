import BarrageMetrics
import Foundation

/// Every output of a run, written together into its results folder.
///
/// `barrage run` calls `writeAll` after result.json is written; `barrage report` and `barrage merge` call
/// it with `includingResult: true`. Each file is written atomically.
public enum ReportSet {
    /// The files written, in order, with what each holds.
    public static let fileNames = [
        "result.json", "stats.csv", "history.csv", "monitors.csv", "endurance.csv", "report.html", "summary.md",
        "junit.xml",
    ]

    /// Each output's name and bytes; result.json first when `includingResult`.
    ///
    /// Outputs are rendered from the result as stored in result.json (decoded back), so the files written
    /// after a run are byte for byte those `barrage report` regenerates later: a histogram restored from its
    /// buckets knows only its largest bucket, not the exact largest value the live one saw.
    public static func outputs(_ live: RunResult, includingResult: Bool = false) throws -> [(name: String, data: Data)]
    {
        let json = try live.jsonData()
        let result = try stored(json)
        var outputs: [(name: String, data: Data)] = []
        if includingResult { outputs.append(("result.json", json)) }
        outputs.append(("stats.csv", StatsCSV.data(result)))
        outputs.append(("history.csv", HistoryCSV.data(result)))
        outputs.append(("monitors.csv", MonitorsCSV.data(result)))
        outputs.append(("endurance.csv", EnduranceCSV.data(result)))
        outputs.append(("report.html", try HTMLReport.data(result)))
        outputs.append(("summary.md", MarkdownSummary.data(result)))
        outputs.append(("junit.xml", Data(JUnitReport(result).xml.utf8)))
        return outputs
    }

    /// Writes every output of `result` into `folder` and returns the paths written.
    @discardableResult
    public static func writeAll(
        _ result: RunResult,
        to folder: String,
        includingResult: Bool = false
    ) throws
        -> [String]
    {
        var paths: [String] = []
        for output in try outputs(result, includingResult: includingResult) {
            let path = (folder as NSString).appendingPathComponent(output.name)
            do {
                try AtomicFile.write(output.data, to: path)
            } catch {
                throw ReportError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            paths.append(path)
        }
        return paths
    }

    /// Decodes result.json's bytes with the strategies `RunResult.read` uses.
    static func stored(_ json: Data) throws -> RunResult {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        return try decoder.decode(RunResult.self, from: json)
    }
}
