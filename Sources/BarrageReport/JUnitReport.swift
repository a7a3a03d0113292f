import BarrageMetrics
import Foundation

/// junit.xml: test suites of test cases, as CI systems read them.
///
/// Today there is one suite, `steps`: a case per step that passes when the step had no failed sample.
/// When thresholds exist each verdict becomes a `TestCase` in a suite of its own, passed to `init`.
public struct JUnitReport: Sendable, Equatable {
    /// One verdict.
    public struct TestCase: Sendable, Equatable {
        /// The case's name (a step, or later a threshold's expression).
        public var name: String
        /// The group it belongs to (CI systems show it as the class).
        public var className: String
        /// Seconds it covered.
        public var time: Double
        /// Why it failed; nil when it passed.
        public var failure: Failure?
        /// Numbers shown with the case.
        public var output: String

        /// Makes a case.
        public init(name: String, className: String, time: Double, failure: Failure? = nil, output: String = "") {
            self.name = name
            self.className = className
            self.time = time
            self.failure = failure
            self.output = output
        }
    }

    /// Why a case failed.
    public struct Failure: Sendable, Equatable {
        /// One line.
        public var message: String
        /// A stable category, such as `failed_samples` or (later) `threshold`.
        public var type: String
        /// Further lines.
        public var details: String

        /// Makes a failure.
        public init(message: String, type: String, details: String = "") {
            self.message = message
            self.type = type
            self.details = details
        }
    }

    /// A named group of cases.
    public struct Suite: Sendable, Equatable {
        /// The suite's name.
        public var name: String
        /// Its cases.
        public var cases: [TestCase]

        /// Makes a suite.
        public init(name: String, cases: [TestCase]) {
            self.name = name
            self.cases = cases
        }
    }

    /// The document's name (the plan's).
    public var name: String
    /// When the run started, RFC 3339.
    public var timestamp: String
    /// How long it ran, seconds.
    public var time: Double
    /// The host the run was measured on (the first, for a merged run).
    public var hostname: String
    /// Properties of the run (id, status, Barrage version).
    public var properties: [(name: String, value: String)]
    /// The suites, steps first.
    public var suites: [Suite]

    /// The report of `result`, with `extraSuites` (threshold verdicts, later) after the steps' suite.
    public init(_ result: RunResult, extraSuites: [Suite] = []) {
        name = result.name
        timestamp = result.startedAt
        time = result.durationSeconds
        hostname = result.environments.first?.hostname ?? ""
        properties = [
            ("run_id", result.runID), ("status", result.status.rawValue),
            ("barrage_version", result.environments.first?.barrageVersion ?? ""),
        ]
        suites = [Self.stepSuite(result)] + (Self.thresholdSuite(result).map { [$0] } ?? []) + extraSuites
    }

    /// A case per threshold, when the result has thresholds: fails when the threshold did not hold.
    public static func thresholdSuite(_ result: RunResult) -> Suite? {
        guard let thresholds = result.thresholds, !thresholds.verdicts.isEmpty else { return nil }
        let cases = thresholds.verdicts.map { verdict in
            TestCase(
                name: verdict.threshold,
                className: "\(result.name).thresholds.\(verdict.scope)",
                time: result.durationSeconds,
                failure: verdict.status == .passed
                    ? nil
                    : Failure(
                        message: "\(verdict.threshold) [\(verdict.scope)]: observed \(verdict.observedText)",
                        type: verdict.status == .noData ? "threshold_no_data" : "threshold",
                        details: verdict.threshold == thresholds.abortedBy ? "stopped the run (abort_on_fail)" : ""
                    ),
                output: "observed \(verdict.observedText)"
            )
        }
        return Suite(name: "thresholds", cases: cases)
    }

    /// A case per step: passes when no sample of the step failed.
    public static func stepSuite(_ result: RunResult) -> Suite {
        let cases = result.scenarios.flatMap { scenario in
            scenario.steps.map { step in
                let output =
                    "\(step.count) samples, \(step.failures) failed, \(ReportNumber.rate(step.rate))/s, "
                    + "p50 \(ReportNumber.milliseconds(step.latency.p50)) ms, "
                    + "p95 \(ReportNumber.milliseconds(step.latency.p95)) ms, "
                    + "p99 \(ReportNumber.milliseconds(step.latency.p99)) ms"
                var failure: Failure?
                if step.failures > 0 {
                    let kinds = step.errors.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    failure = Failure(
                        message:
                            "\(step.failures) of \(step.count) samples failed (\(ReportNumber.percent(step.errorRate)))",
                        type: "failed_samples",
                        details: kinds.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
                    )
                }
                return TestCase(
                    name: step.name,
                    className: "\(result.name).\(scenario.name)",
                    time: result.durationSeconds,
                    failure: failure,
                    output: output
                )
            }
        }
        return Suite(name: "steps", cases: cases)
    }

    /// Every case, in order.
    public var allCases: [TestCase] { suites.flatMap(\.cases) }

    /// The document.
    public var xml: String {
        let failures = allCases.filter { $0.failure != nil }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(XMLText.escape(name))\" tests=\"\(allCases.count)\" failures=\"\(failures)\" "
        xml +=
            "errors=\"0\" skipped=\"0\" time=\"\(CSVNumber.text(time))\" timestamp=\"\(XMLText.escape(timestamp))\">\n"
        for suite in suites {
            let suiteFailures = suite.cases.filter { $0.failure != nil }.count
            xml += "  <testsuite name=\"\(XMLText.escape(suite.name))\" tests=\"\(suite.cases.count)\" "
            xml += "failures=\"\(suiteFailures)\" errors=\"0\" skipped=\"0\" time=\"\(CSVNumber.text(time))\" "
            xml += "timestamp=\"\(XMLText.escape(timestamp))\" hostname=\"\(XMLText.escape(hostname))\">\n"
            xml += "    <properties>\n"
            for property in properties {
                xml += "      <property name=\"\(XMLText.escape(property.name))\" "
                xml += "value=\"\(XMLText.escape(property.value))\"/>\n"
            }
            xml += "    </properties>\n"
            for testCase in suite.cases {
                xml += "    <testcase name=\"\(XMLText.escape(testCase.name))\" "
                xml +=
                    "classname=\"\(XMLText.escape(testCase.className))\" time=\"\(CSVNumber.text(testCase.time))\">\n"
                if let failure = testCase.failure {
                    xml += "      <failure message=\"\(XMLText.escape(failure.message))\" "
                    xml += "type=\"\(XMLText.escape(failure.type))\">\(XMLText.escape(failure.details))</failure>\n"
                }
                if !testCase.output.isEmpty {
                    xml += "      <system-out>\(XMLText.escape(testCase.output))</system-out>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// Two reports are equal when they write the same document.
    public static func == (lhs: JUnitReport, rhs: JUnitReport) -> Bool {
        lhs.xml == rhs.xml
    }
}
