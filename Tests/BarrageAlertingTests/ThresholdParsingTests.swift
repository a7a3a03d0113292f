import BarrageAlerting
import BarrageConfig
import BarrageCore
import Testing

struct ThresholdParsingTests {
    static func parse(_ yaml: String) throws(ConfigError) -> AlertingConfiguration {
        try AlertingConfiguration.parse(document: try YAMLSource.parse(yaml, file: "t.yaml"))
    }

    static func failure(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func everyKindOfConditionParsesIntoItsUnit() throws {
        let configuration = try Self.parse(
            """
            scenarios: {}
            thresholds:
              - p95 < 500ms
              - p99.9 < 2s
              - error_rate < 1%
              - rate > 100/s
              - checks > 99%
              - dropped_iterations == 0
              - condition: p95 < baseline * 1.1
                scope: {scenario: checkout, step: login, protocol: http}
                abort_on_fail: true
                delay: 30s
              - mean <= 0.25s
              - rate >= 6000/min
              - error_rate != 0.5
            """
        )
        let thresholds = configuration.thresholds
        #expect(thresholds.count == 10)
        #expect(thresholds[0].statistic == .percentile(95) && thresholds[0].limit == .value(500))
        #expect(thresholds[0].comparison == .less && thresholds[0].scope.isWholeRun)
        #expect(thresholds[1].statistic == .percentile(99.9) && thresholds[1].limit == .value(2000))
        #expect(thresholds[2].statistic == .errorRate && thresholds[2].limit == .value(0.01))
        #expect(thresholds[3].statistic == .rate && thresholds[3].comparison == .greater)
        #expect(thresholds[3].limit == .value(100))
        #expect(thresholds[4].statistic == .checks && thresholds[4].limit == .value(0.99))
        #expect(thresholds[5].statistic == .droppedIterations && thresholds[5].comparison == .equal)
        let baseline = thresholds[6]
        #expect(baseline.limit == .baseline(factor: 1.1) && baseline.needsBaseline)
        #expect(baseline.scope == ThresholdScope(scenario: "checkout", step: "login", protocolName: "http"))
        #expect(baseline.abortOnFail && baseline.delay == 30_000_000_000)
        #expect(baseline.expression == "p95 < baseline * 1.1")
        #expect(baseline.path == "thresholds[6]" && baseline.location.line == 9)
        #expect(thresholds[7].statistic == .mean && thresholds[7].limit == .value(250))
        #expect(thresholds[7].comparison == .lessOrEqual)
        #expect(thresholds[8].limit == .value(100) && thresholds[8].comparison == .greaterOrEqual)
        #expect(thresholds[9].limit == .value(0.5) && thresholds[9].comparison == .notEqual)
        #expect(configuration.needsBaseline)
    }

    @Test func aMisspeltStatisticNamesFileLineColumnPathAndTheNearestName() {
        let message = Self.failure(
            """
            thresholds:
              - p95 < 500ms
              - error_rate < 1%
              - condition: p9x < 2s
            """
        )
        #expect(message == "t.yaml:4:16: thresholds[2].condition: unknown statistic 'p9x'; did you mean 'p99'?")
    }

    @Test func limitsInTheWrongUnitSayWhatToWrite() {
        #expect(
            Self.failure("thresholds: [\"p95 < 500\"]")
                == "t.yaml:1:21: thresholds[0]: p95 is a latency: give a unit, e.g. '500ms' or '500s'"
        )
        #expect(Self.failure("thresholds: [error_rate < 5s]").contains("error_rate is a ratio"))
        #expect(Self.failure("thresholds: [rate > fast]").contains("expected a rate such as 100/s"))
        #expect(Self.failure("thresholds: [p95 < baseline + 3]").contains("'baseline * FACTOR'"))
        #expect(Self.failure("thresholds: [p95 500ms]").contains("expected a condition such as 'p95 < 500ms'"))
    }

    @Test func scopesAndOptionsAreChecked() {
        #expect(
            Self.failure("thresholds:\n  - {condition: p95 < 1s, scope: {scenaro: a}}")
                == "t.yaml:2:35: thresholds[0].scope.scenaro: unknown field 'scenaro'; did you mean 'scenario'?"
        )
        #expect(
            Self.failure("thresholds:\n  - {condition: dropped_iterations == 0, scope: {step: a}}")
                .contains("dropped_iterations is counted per scenario; scope it with 'scenario' only")
        )
        #expect(
            Self.failure("thresholds:\n  - {condition: p95 < 1s, scope: {step: a, group: b}}")
                .contains("give either a step or a group")
        )
        #expect(Self.failure("thresholds:\n  - {condition: p95 < 1s, delay: soon}").contains("expected a duration"))
        #expect(Self.failure("thresholds:\n  - {conditon: p95 < 1s}").contains("did you mean 'condition'?"))
        #expect(Self.failure("thresholds: {p95: 1s}").contains("expected a list of thresholds"))
    }

    @Test func alertChannelsParseWithDefaultsAndOverrides() throws {
        let configuration = try Self.parse(
            """
            alerts:
              on: [fail, end]
              rate_limit: 3/min
              timeout: 2s
              retries: 1
              channels:
                - type: console
                - type: slack
                  url: https://hooks.slack.example/services/T0/B0/secret
                  on: [end]
                - type: webhook
                  url: http://127.0.0.1:9/hook
                  headers: {Authorization: Bearer tok3n}
                  retries: 0
                - type: email
                  url: smtp://127.0.0.1:2525
                  username: barrage
                  password: hunter2
                  from: barrage@example.com
                  to: [oncall@example.com, lead@example.com]
            """
        )
        #expect(configuration.channels.count == 4)
        guard case .console(let console) = configuration.channels[0],
            case .slack(let slack) = configuration.channels[1],
            case .webhook(let webhook) = configuration.channels[2],
            case .email(let email) = configuration.channels[3]
        else {
            Issue.record("channels in the wrong order or of the wrong type")
            return
        }
        #expect(console.events == [.fail, .end] && console.rateLimit == 3 && console.ratePeriod == 60)
        #expect(console.timeout == 2_000_000_000 && console.retries == 1)
        #expect(slack.settings.events == [.end] && slack.name == "slack (https://hooks.slack.example)")
        #expect(webhook.headers == ["Authorization: Bearer tok3n"] && webhook.settings.retries == 0)
        #expect(webhook.name == "webhook (http://127.0.0.1:9)")
        #expect(email.to == ["oncall@example.com", "lead@example.com"] && email.startTLS)
        #expect(email.password == "hunter2" && email.name == "email (smtp://127.0.0.1:2525)")
    }

    @Test func badChannelsAreReportedWithoutRepeatingTheirURL() {
        #expect(
            Self.failure("alerts:\n  channels:\n    - type: slak\n      url: https://x")
                == "t.yaml:3:13: alerts.channels[0].type: unknown channel type 'slak'; did you mean 'slack'?"
        )
        let badURL = Self.failure("alerts:\n  channels:\n    - {type: webhook, url: 'ftp://h/t0ken'}")
        #expect(badURL.contains("expected a http:// or https:// URL") && !badURL.contains("t0ken"))
        #expect(Self.failure("alerts:\n  on: [fial]\n  channels: [{type: console}]").contains("did you mean 'fail'?"))
        #expect(Self.failure("alerts:\n  rate_limit: lots\n  channels: [{type: console}]").contains("10/min"))
        #expect(
            Self.failure("alerts:\n  channels: [{type: email, url: 'smtp://h', from: a@b, to: nobody}]")
                .contains("expected an email address")
        )
        #expect(Self.failure("alerts:\n  channels: []").contains("expected a list of channels"))
    }

    @Test func otherTopLevelKeysAreLeftToTheScenarioLoader() throws {
        let configuration = try Self.parse("name: x\nscenarios: {a: {}}\nwhatever: 1")
        #expect(configuration.isEmpty)
    }
}
