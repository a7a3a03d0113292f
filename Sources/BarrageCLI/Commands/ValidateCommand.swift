import ArgumentParser
import BarrageAlerting
import BarrageCore

/// `barrage validate`: checks a scenario file without running it.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file: syntax, fields, load models and every step. Exit 2 on a problem."
    )

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: .customLong("env"), help: "Check with this environment of the file applied.")
    var environment: String?

    @Option(help: "Check with this test-type preset applied (smoke, load, stress, endurance, spike, or a file).")
    var profile: String?

    func run() async throws {
        let console = RegistryContext.console
        do {
            let scenarioFile = try ScenarioFile.load(
                path: file,
                registry: RegistryContext.current,
                environment: environment,
                profile: profile
            )
            let plan = scenarioFile.plan
            let steps = plan.scenarios.reduce(0) { $0 + $1.flow.count }
            var line = "\(file): ok — \(plan.scenarios.count) scenario(s), \(steps) step(s)"
            let alerting = scenarioFile.alerting
            if !alerting.isEmpty {
                line += ", \(alerting.thresholds.count) threshold(s), \(alerting.channels.count) alert channel(s)"
            }
            if plan.endurance != nil { line += ", an endurance analysis" }
            console.line(line)
            if let testType = plan.testType { console.line("  test type: \(testType)") }
            for scenario in plan.scenarios {
                let tasks = scenario.tasks.count > 1 ? ", \(scenario.tasks.count) weighted tasks" : ""
                console.line("  \(scenario.name): \(scenario.load.summary)\(tasks)")
            }
        } catch {
            let count = error.all.count
            throw CommandFailure(error.description + (count > 1 ? "\n\(count) problems" : ""))
        }
    }
}
