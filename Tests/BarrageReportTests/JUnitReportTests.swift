import BarrageMetrics
import Foundation
import Testing

@testable import BarrageReport

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct JUnitReportTests {
    @Test func junitXMLHasOneTestCasePerStepAndFailsExactlyTheStepsWithFailures() throws {
        var result = ResultFactory.shared
        result.scenarios[0].steps[1].failures = 0
        result.scenarios[0].steps[1].errors = [:]
        let document = try XMLDocument(data: Data(JUnitReport(result).xml.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 1)
        let cases = try #require(suites.first).elements(forName: "testcase")
        #expect(cases.count == result.allSteps.count)
        for (element, entry) in zip(cases, result.allSteps) {
            #expect(element.attribute(forName: "name")?.stringValue == entry.step.name)
            #expect(element.attribute(forName: "classname")?.stringValue == "shop.\(entry.scenario)")
            let failures = element.elements(forName: "failure")
            #expect(failures.count == (entry.step.failures > 0 ? 1 : 0))
            if let failure = failures.first {
                #expect(failure.attribute(forName: "type")?.stringValue == "failed_samples")
                #expect(failure.stringValue?.contains("timeout") == true)
            }
        }
        let failing = result.allSteps.filter { $0.step.failures > 0 }.count
        #expect(root.attribute(forName: "tests")?.stringValue == String(result.allSteps.count))
        #expect(root.attribute(forName: "failures")?.stringValue == String(failing))
        #expect(try #require(suites.first).attribute(forName: "failures")?.stringValue == String(failing))
    }

    @Test func extraSuitesSuchAsThresholdVerdictsAreAddedAsTestCases() throws {
        let verdicts = JUnitReport.Suite(
            name: "thresholds",
            cases: [
                JUnitReport.TestCase(name: "p95 < 200ms", className: "thresholds", time: 1),
                JUnitReport.TestCase(
                    name: "error_rate < 1%",
                    className: "thresholds",
                    time: 1,
                    failure: JUnitReport.Failure(message: "error_rate was 2%", type: "threshold")
                ),
            ]
        )
        let report = JUnitReport(ResultFactory.shared, extraSuites: [verdicts])
        let document = try XMLDocument(data: Data(report.xml.utf8))
        let suites = try #require(document.rootElement()).elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["steps", "thresholds"])
        #expect(suites[1].elements(forName: "testcase").count == 2)
        #expect(suites[1].attribute(forName: "failures")?.stringValue == "1")
    }
}
