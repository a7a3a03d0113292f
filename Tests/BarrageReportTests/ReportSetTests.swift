import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

@Suite struct ReportSetTests {
    @Test func writeAllWritesEveryOutputAndReportRegeneratesThemIdenticallyFromResultJSON() throws {
        let folder = try TemporaryFolder()
        let result = ResultFactory.shared
        let paths = try ReportSet.writeAll(result, to: folder.url.path, includingResult: true)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ReportSet.fileNames)
        let reread = try ResultFile(folder.url.path).requireResult()
        #expect(reread == result)
        for (name, data) in try ReportSet.outputs(reread, includingResult: true) {
            let written = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder.path(name))), as: UTF8.self)
            let regenerated = String(decoding: data, as: UTF8.self)
            let difference = zip(written.split(separator: "\n"), regenerated.split(separator: "\n")).first { $0 != $1 }
            #expect(written == regenerated, "\(name) differs: \(String(describing: difference))")
        }
    }

    @Test func aFolderWithoutResultJSONIsReportedClearly() throws {
        let folder = try TemporaryFolder()
        #expect(throws: ReportError.notFound(path: folder.url.path)) { try ResultFile(folder.url.path) }
    }

    @Test func aNewerSchemaVersionIsRecognisedBeforeDecodingTheRest() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("result.json")
        try Data(#"{"schemaVersion": 2, "somethingNew": true}"#.utf8).write(to: URL(fileURLWithPath: path))
        let file = try ResultFile(path)
        #expect(file.schemaVersion == 2)
        #expect(throws: ReportError.unsupportedSchemaVersion(path: path, version: 2)) { try file.requireResult() }
    }

    @Test func aDocumentWithAMissingFieldNamesTheField() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("result.json")
        try Data(#"{"schemaVersion": 1, "runID": "x"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try ResultFile(path)
        } throws: { error in
            "\(error)".contains("missing field")
        }
    }
}
