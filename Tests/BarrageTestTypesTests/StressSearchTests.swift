import BarrageAlerting
import BarrageConfig
import BarrageCore
import BarrageSocket
import Testing

@testable import BarrageTestTypes

struct StressSearchTests {
    static func settings(
        _ yaml: String,
        load: String = "{model: constant-rate, rate: 200, duration: 10s}"
    ) throws
        -> StressSettings
    {
        let root = try YAMLSource.parse(
            """
            stress: \(yaml)
            scenarios:
              s:
                load: \(load)
                flow: [{name: x, tcp: {address: "127.0.0.1:9", send: "x"}}]
            """,
            file: "stress.yaml"
        )
        let plan = try PlanLoader(
            registry: ClientRegistry([SocketClientFactory()]),
            presets: PresetResolver(searchFolders: [])
        )
        .plan(from: root, fallbackName: "t")
        return try StressSettings.parse(try #require(plan.stress), plan: plan)
    }

    @Test func growsUntilABreakThenBisectsToThePrecision() throws {
        var search = StressSearch(settings: try Self.settings("{start_rate: 100, precision: 5%, slo: [p95 < 1s]}"))
        // The target holds up to 430/s.
        var decisions: [StressSearch.Next] = []
        while true {
            let next = search.record(held: search.rate <= 430)
            decisions.append(next)
            if case .finish = next { break }
        }
        #expect(decisions.prefix(3) == [.step(rate: 200), .step(rate: 400), .step(rate: 800)])
        #expect(decisions[3] == .recover(rate: 200, then: 600), "recover at half the last good rate")
        #expect(decisions.last == .finish(reason: "converged"))
        let good = try #require(search.highestHeld)
        let bad = try #require(search.lowestBroken)
        #expect(good <= 430 && bad > 430)
        #expect((bad - good) / good <= 0.05)
    }

    @Test func aBrokenFirstStepSearchesDownward() throws {
        var search = StressSearch(settings: try Self.settings("{start_rate: 400, slo: [p95 < 1s]}"))
        #expect(search.record(held: false) == .recover(rate: 100, then: 200))
        #expect(search.record(held: false) == .recover(rate: 50, then: 100))
        #expect(search.record(held: true) == .step(rate: 150))
    }

    @Test func stopsAtTheMaxRateWhenNothingBreaks() throws {
        var search = StressSearch(settings: try Self.settings("{start_rate: 100, max_rate: 300, slo: [p95 < 1s]}"))
        #expect(search.record(held: true) == .step(rate: 200))
        #expect(search.record(held: true) == .step(rate: 300))
        #expect(search.record(held: true) == .finish(reason: "max_rate"))
    }

    @Test func startRateDefaultsToHalfTheScenariosOwnRate() throws {
        #expect(try Self.settings("{slo: [p95 < 1s]}").startRate == 100)
        #expect(try Self.settings("{start_rate: 25%, slo: [p95 < 1s]}").startRate == 50)
        // Rates read like a scenario's own rates: 200/s, 6000/m.
        let perUnit = try Self.settings("{start_rate: 60/s, max_rate: 6000/m, slo: [p95 < 1s]}")
        #expect(perUnit.startRate == 60)
        #expect(perUnit.maxRate == 100)
        #expect(
            try Self.settings("{slo: [p95 < 1s]}", load: "{model: constant-users, users: 3, duration: 1s}").startRate
                == 10
        )
    }

    @Test func badSettingsNameTheirField() {
        let cases: [(String, String)] = [
            ("{start_rate: 10}", "missing required field 'slo'"),
            ("{growth: 1, slo: [p95 < 1s]}", "stress.growth"),
            ("{step: 2s, settle: 1s, slo: [p95 < 1s]}", "stress.step"),
            ("{slo: [p95 < baseline * 1.1]}", "baseline"),
            ("{slo: [{condition: p95 < 1s, scope: {step: nope}}]}", "no step named 'nope'"),
            ("{precison: 5%, slo: [p95 < 1s]}", "did you mean 'precision'"),
        ]
        for (yaml, expected) in cases {
            let error = #expect(throws: ConfigError.self, "\(yaml)") { _ = try Self.settings(yaml) }
            let text = error?.description ?? ""
            #expect(text.contains(expected), "\(yaml): \(text)")
            #expect(text.contains("stress.yaml:"), "names the file: \(text)")
        }
        #expect(throws: ConfigError.self) {
            _ = try Self.settings(
                "{start_rate: 50%, slo: [p95 < 1s]}",
                load: "{model: constant-users, users: 3, duration: 1s}"
            )
        }
    }
}
