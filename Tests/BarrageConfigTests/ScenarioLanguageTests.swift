import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageSocket
import Foundation
import Testing

/// The scenario language's constructs, each parsed from YAML; messages are asserted word for word.
struct ScenarioLanguageTests {
    let loader = PlanLoader(registry: ClientRegistry([SocketClientFactory()]))

    private func load(_ yaml: String, environment: String? = nil, directory: String = ".") throws -> Plan {
        try loader.plan(
            from: try YAMLSource.parse(yaml, file: "plan.yaml"),
            fallbackName: "plan",
            directory: directory,
            environment: environment
        )
    }

    private func problems(_ yaml: String, environment: String? = nil) -> [String] {
        do {
            _ = try load(yaml, environment: environment)
            return []
        } catch {
            return (error as? ConfigError)?.all.map(\.description) ?? ["\(error)"]
        }
    }

    private static let load = "load: {model: per-user-iterations, users: 1, iterations: 1}"

    @Test func targetsDefaultsAndTheChosenEnvironmentApply() throws {
        let yaml = """
            targets: {echo: "127.0.0.1:9000"}
            environments:
              staging: {targets: {echo: "127.0.0.2:9100"}, defaults: {timeout: 3s}}
            defaults: {timeout: 2s, think_time: 1s, tcp: {read: line}}
            scenarios:
              s:
                \(Self.load)
                flow:
                  - tcp: {address: "${targets.echo}", send: "hi\\n"}
            """
        let plain = try load(yaml)
        let step = try #require(plain.scenarios[0].flow[0].definition as? TCPStep)
        #expect(step.address.description == "127.0.0.1:9000")
        #expect(step.timeout == 2_000_000_000)
        #expect(step.read == .until([10]))
        #expect(plain.scenarios[0].thinkTime == .constant(1_000_000_000))
        let staging = try load(yaml, environment: "staging")
        let stagingStep = try #require(staging.scenarios[0].flow[0].definition as? TCPStep)
        #expect(stagingStep.address.description == "127.0.0.2:9100")
        #expect(stagingStep.timeout == 3_000_000_000)
    }

    @Test func anUnknownEnvironmentOrTargetIsNamedWithASuggestion() {
        let yaml = """
            targets: {echo: "127.0.0.1:9000"}
            environments: {staging: {}}
            scenarios:
              s:
                \(Self.load)
                flow:
                  - tcp: {address: "${targets.ecko}", send: "hi"}
            """
        #expect(
            problems(yaml, environment: "stagin") == [
                "<command line>: --env: no environment 'stagin'; did you mean 'staging'? the file has: staging"
            ]
        )
        #expect(
            problems(yaml) == [
                "plan.yaml:7:24: scenarios.s.flow[0].tcp.address: unknown target 'ecko'; did you mean 'echo'? "
                    + "Targets: echo"
            ]
        )
    }

    @Test func tasksGroupsAndPausesMakeRowsInTheOrderWritten() throws {
        let plan = try load(
            """
            scenarios:
              shop:
                \(Self.load)
                tasks:
                  - name: browse
                    weight: 4
                    flow:
                      - name: list
                        tcp: {address: "127.0.0.1:9000", send: "list"}
                  - weight: 1
                    flow:
                      - group: checkout
                        flow:
                          - name: pay
                            tcp: {address: "127.0.0.1:9000", send: "pay"}
                          - pause: {min: 10ms, max: 20ms}
                          - tcp: {address: "127.0.0.1:9000", send: "confirm"}
            """
        )
        let scenario = plan.scenarios[0]
        #expect(scenario.tasks.map(\.weight) == [4, 1])
        #expect(scenario.tasks.map(\.name) == ["browse", "task 2"])
        #expect(scenario.metricsRows.map(\.name) == ["list", "checkout", "pay", "tcp #3"])
        #expect(scenario.metricsRows.map(\.protocolName) == ["tcp", "group", "tcp", "tcp"])
        guard case .group(_, let items) = scenario.tasks[1].items[0], case .pause(let pause) = items[1] else {
            Issue.record("no group with a pause")
            return
        }
        #expect(pause == .uniform(10_000_000, 20_000_000))
    }

    @Test func variablesExtractionsAndDataDefineWhatTemplatesRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barrage-data-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "name,password\nalice,\"se,cret\"\nbob,pw2\n".write(
            toFile: folder + "/users.csv",
            atomically: true,
            encoding: .utf8
        )
        try #"{"sku": "A1", "qty": 2}"#.appending("\n{\"sku\": \"B2\", \"qty\": 5}\n")
            .write(toFile: folder + "/items.jsonl", atomically: true, encoding: .utf8)
        let plan = try load(
            """
            variables: {greeting: hello, api_key: {value: k-123456, secret: true}}
            data:
              users: {file: users.csv, order: unique, on_exhaustion: stop}
              items: {file: items.jsonl, order: random}
              people: {generate: {email: email, age: {int: [18, 90]}}}
            scenarios:
              s:
                \(Self.load)
                data: [users, items, people]
                flow:
                  - name: login
                    tcp: {address: "127.0.0.1:9000", send: "${greeting} ${users.name} ${api_key}\\n", read: line}
                    extract: {session: {regex: "session=(\\\\w+)"}}
                  - tcp: {address: "127.0.0.1:9000", send: "${session} ${items.sku} ${people.email}\\n"}
            """,
            directory: folder
        )
        let scenario = plan.scenarios[0]
        #expect(scenario.variables == ["greeting": "hello", "api_key": "k-123456"])
        #expect(scenario.feeders.map(\.name) == ["users", "items", "people"])
        #expect(scenario.feeders[0].rowCount == 2)
        #expect(scenario.feeders[1].columns == ["qty", "sku"])
        #expect(scenario.flow[0].extractions.map(\.variable) == ["session"])
        #expect(plan.secrets.redact("key k-123456") == "key ***")
        let step = try #require(scenario.flow[0].definition as? TCPStep)
        let scope = VariableScope(vu: 1, initial: scenario.variables)
        #expect(scenario.feeders[0].draw(into: scope, vu: 1))
        #expect(step.payloadTemplate?.render(scope) == "hello bob k-123456\n")
    }

    @Test func everyUndefinedVariableIsReportedWithItsPlaceAndANearName() {
        let found = problems(
            """
            variables: {token: t}
            scenarios:
              s:
                \(Self.load)
                flow:
                  - tcp: {address: "127.0.0.1:9000", send: "${tokn}"}
                  - tcp: {address: "127.0.0.1:9000", send: "${users.name}"}
            """
        )
        #expect(
            found == [
                "plan.yaml:6:48: scenarios.s.flow[0].tcp.send: variable 'tokn' is not defined; did you mean "
                    + "'token'?",
                "plan.yaml:7:48: scenarios.s.flow[1].tcp.send: variable 'users.name' is not defined; to read data "
                    + "'users', add `data: users` to the scenario",
            ]
        )
    }

    @Test func problemsInSeveralStepsAndScenariosAreAllReported() {
        let found = problems(
            """
            scenarios:
              a:
                \(Self.load)
                flow:
                  - tcp: {address: "127.0.0.1:9000", sned: x}
                  - tcpp: {address: "127.0.0.1:9000"}
              b:
                load: {model: constant-users, users: -1, duration: 1s}
                flow:
                  - name: dup
                    tcp: {address: "127.0.0.1:9000"}
                  - name: dup
                    tcp: {address: "127.0.0.1:9000"}
            """
        )
        #expect(
            found == [
                "plan.yaml:5:42: scenarios.a.flow[0].tcp.sned: unknown field 'sned'; did you mean 'send'?",
                "plan.yaml:6:9: scenarios.a.flow[1].tcpp: unknown protocol 'tcpp'; did you mean 'tcp'? "
                    + "Registered protocols: tcp, udp",
                "plan.yaml:8:42: scenarios.b.load.users: must be at least 1, found -1",
                "plan.yaml:12:15: scenarios.b.flow[1].name: two steps or groups are named 'dup'; give each its own name",
            ]
        )
    }

    @Test func dataProblemsAreNamed() {
        #expect(
            problems(
                """
                data: {colors: {values: [red], order: sequentail}}
                scenarios:
                  s:
                    \(Self.load)
                    data: colours
                    flow:
                      - tcp: {address: "127.0.0.1:9000", send: "${colors.value}"}
                """
            ) == [
                "plan.yaml:1:39: data.colors.order: unknown value 'sequentail'; did you mean 'sequential'? expected "
                    + "one of: sequential, random, unique",
                "plan.yaml:5:11: scenarios.s.data: no data named 'colours' The file has no data:",
                "plan.yaml:7:48: scenarios.s.flow[0].tcp.send: variable 'colors.value' is not defined; to read data "
                    + "'colors', add `data: colors` to the scenario",
            ]
        )
    }
}
