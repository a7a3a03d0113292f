import BarrageMetrics
import Testing

@testable import BarrageReport

@Suite struct CSVReportTests {
    let result = ResultFactory.shared

    @Test func statsCSVParsesBackToOneRowPerStepAndAnAggregatedRow() throws {
        let rows = CSVParser.parse(StatsCSV.table(result).text)
        #expect(rows.first == StatsCSV.header)
        let body = Array(rows.dropFirst())
        #expect(body.count == result.allSteps.count + 1)
        let column = { (name: String) in StatsCSV.header.firstIndex(of: name)! }
        for (row, entry) in zip(body, result.allSteps) {
            #expect(row.count == StatsCSV.header.count)
            #expect(row[column("Scenario")] == entry.scenario)
            #expect(row[column("Name")] == entry.step.name)
            #expect(row[column("Type")] == entry.step.protocolName)
            #expect(UInt64(row[column("Request Count")]) == entry.step.count)
            #expect(UInt64(row[column("Failure Count")]) == entry.step.failures)
            #expect(Double(row[column("95%")]) == entry.step.latency.p95)
            #expect(Double(row[column("Max Response Time")]) == entry.step.latency.max)
        }
        let aggregated = try #require(body.last)
        #expect(aggregated[column("Name")] == "Aggregated")
        #expect(UInt64(aggregated[column("Request Count")]) == result.totalSamples)
        #expect(UInt64(aggregated[column("Failure Count")]) == result.totalFailures)
    }

    @Test func aStepNameWithCommasQuotesAndNewlinesSurvivesTheRoundTrip() {
        let table = CSVTable(header: ["a", "b"], rows: [["x,\"y\"\nz", "plain"], ["", "end"]])
        #expect(CSVParser.parse(table.text) == [["a", "b"], ["x,\"y\"\nz", "plain"], ["", "end"]])
    }

    @Test func historyCSVHasOneRowPerStepPerSecondWhoseCountsAddUpToTheTotals() throws {
        let rows = CSVParser.parse(HistoryCSV.table(result).text)
        #expect(rows.first == HistoryCSV.header)
        let body = Array(rows.dropFirst())
        #expect(body.count == result.allSteps.reduce(0) { $0 + $1.step.series.count })
        let column = { (name: String) in HistoryCSV.header.firstIndex(of: name)! }
        let timestamps = body.map { Int64($0[column("Timestamp")])! }
        #expect(timestamps == timestamps.sorted())
        for (scenario, step) in result.allSteps {
            let mine = body.filter { $0[column("Scenario")] == scenario && $0[column("Name")] == step.name }
            let perSecond = mine.reduce(UInt64(0)) { $0 + UInt64($1[column("Requests/s")])! }
            #expect(perSecond == step.count)
            #expect(UInt64(try #require(mine.last)[column("Total Request Count")]) == step.count)
            #expect(UInt64(try #require(mine.last)[column("Total Failure Count")]) == step.failures)
            #expect(mine.allSatisfy { $0[column("User Count")] == "4" })
        }
    }
}
