import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageSocket
import Foundation
import Testing

struct PlanLoaderTests {
    let loader = PlanLoader(registry: ClientRegistry([SocketClientFactory()]))

    private func load(_ yaml: String) throws -> Plan {
        try loader.plan(from: try YAMLSource.parse(yaml, file: "plan.yaml"), fallbackName: "plan")
    }

    private func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try load(yaml)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func aFileWithTwoScenariosBecomesTwoScenariosWithTheirOwnModels() throws {
        let plan = try load(
            """
            name: mixed
            scenarios:
              tcp-users:
                load: {model: constant-users, users: 50, duration: 30s, spawn_rate: 10}
                think_time: {min: 10ms, max: 20ms}
                flow:
                  - name: ping
                    tcp: {address: "127.0.0.1:9000", send: "ping\\n", read: line, expect: {contains: ping}}
              udp-rate:
                load: {model: constant-rate, rate: 2000/s, duration: 30s, max_in_flight: 100}
                graceful_stop: 2s
                flow:
                  - udp: {address: "127.0.0.1:9001", send_hex: "68 69"}
            """
        )
        #expect(plan.name == "mixed")
        #expect(plan.scenarios.map(\.name) == ["tcp-users", "udp-rate"])
        let users = try #require(plan.scenarios[0].load as? ConstantUsersModel)
        #expect(users == ConstantUsersModel(users: 50, spawnRate: 10, duration: 30_000_000_000))
        #expect(plan.scenarios[0].thinkTime == .uniform(10_000_000, 20_000_000))
        let rate = try #require(plan.scenarios[1].load as? ConstantRateModel)
        #expect(rate == ConstantRateModel(rate: 2000, duration: 30_000_000_000, maxInFlight: 100))
        #expect(plan.scenarios[1].gracefulStop == 2_000_000_000)
        #expect(plan.scenarios[1].flow[0].name == "udp #1")
        #expect(plan.metricsLayout.allSteps.map(\.protocolName) == ["tcp", "udp"])
    }

    @Test func ratesAcceptPerMinuteAndPerHour() throws {
        let plan = try load(
            """
            scenarios:
              slow:
                load: {model: ramping-rate, start_rate: 60/m, stages: [{duration: 1m, target: 3600/h}], max_in_flight: 5}
                flow:
                  - udp: {address: "127.0.0.1:9001", send: x}
            """
        )
        let model = try #require(plan.scenarios[0].load as? RampingRateModel)
        #expect(model.startRate == 1)
        #expect(model.stages == [Stage(duration: 60_000_000_000, target: 1)])
    }

    @Test func aYAMLSyntaxErrorNamesTheLineAndColumn() {
        let error = error("scenarios:\n  echo:\n    load: {model: constant-users\n    flow: []\n")
        #expect(error?.location.file == "plan.yaml")
        #expect(error?.location.line == 4)
        #expect(error?.message.hasPrefix("YAML syntax error") == true)
    }

    @Test func anUnknownFieldNamesTheNearestValidOne() {
        let error = error(
            """
            scenarios:
              echo:
                load: {model: constant-users, usres: 5, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9000"}}]
            """
        )
        #expect(
            error?.description
                == "plan.yaml:3:35: scenarios.echo.load.usres: unknown field 'usres'; did you mean 'users'?"
        )
    }

    @Test func negativeUsersAreRefusedWithTheirValue() {
        let error = error(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: -5, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9000"}}]
            """
        )
        #expect(error?.description == "plan.yaml:3:42: scenarios.echo.load.users: must be at least 1, found -5")
    }

    @Test func anUnknownProtocolListsTheRegisteredOnes() {
        let error = error(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tpc: {address: "127.0.0.1:9000"}
            """
        )
        #expect(error?.message == "unknown protocol 'tpc'; did you mean 'tcp'? Registered protocols: tcp, udp")
        #expect(error?.location.line == 5)
    }

    @Test func anUnknownLoadModelSuggestsOne() {
        let error = error(
            """
            scenarios:
              echo:
                load: {model: constant-user, users: 1, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9000"}}]
            """
        )
        #expect(error?.message == "unknown load model 'constant-user'; did you mean 'constant-users'?")
    }

    @Test func aProtocolsOwnFieldErrorsCarryTheirLocation() {
        let error = error(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: 1, duration: 1s}
                flow:
                  - tcp:
                      address: "127.0.0.1:9000"
                      read: {lenght: 16}
            """
        )
        #expect(
            error?.description
                == "plan.yaml:7:18: scenarios.echo.flow[0].tcp.read.lenght: unknown field 'lenght'; did you mean 'length'?"
        )
    }

    @Test func aMalformedAddressIsRefused() {
        let error = error(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: 1, duration: 1s}
                flow: [{tcp: {address: "localhost"}}]
            """
        )
        #expect(error?.path == "scenarios.echo.flow[0].tcp.address")
        #expect(error?.message.contains("is not host:port") == true)
    }

    @Test func aMissingFileIsReportedByName() {
        #expect {
            try loader.load(path: "/nonexistent/plan.yaml")
        } throws: { error in
            (error as? ConfigError)?.description == "/nonexistent/plan.yaml: no such file"
        }
    }

    @Test func commandLineOverridesReplaceTheFilesLoad() throws {
        let root = try YAMLSource.parse(
            """
            scenarios:
              echo:
                load: {model: constant-users, users: 1, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9000"}}]
              other:
                load: {model: constant-users, users: 1, duration: 1s}
                flow: [{tcp: {address: "127.0.0.1:9000"}}]
            """,
            file: "plan.yaml"
        )
        let plan = try loader.plan(
            from: root,
            fallbackName: "plan",
            selectedScenarios: ["echo"],
            overrides: LoadOverrides(users: 9, duration: 5_000_000_000)
        )
        #expect(plan.scenarios.count == 1)
        #expect(plan.scenarios[0].load as? ConstantUsersModel == ConstantUsersModel(users: 9, duration: 5_000_000_000))
        #expect(throws: ConfigError.self) {
            try loader.plan(from: root, fallbackName: "plan", selectedScenarios: ["nope"])
        }
    }
}
