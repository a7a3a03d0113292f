import BarrageCore
import Testing

struct ConfigNodeTests {
    private func scalar(_ text: String) -> ConfigNode {
        ConfigNode(
            .scalar(text, isQuoted: false),
            location: SourceLocation(file: "f.yaml", line: 3, column: 7),
            path: "a.b"
        )
    }

    @Test(
        arguments: [
            ("500ms", 500_000_000), ("2s", 2_000_000_000), ("1m30s", 90_000_000_000), ("1h", 3_600_000_000_000),
            ("250us", 250_000), ("1.5", 1_500_000_000), ("0", 0),
        ] as [(String, UInt64)]
    )
    func durationsParseInEveryUnit(text: String, nanoseconds: UInt64) throws {
        #expect(try scalar(text).duration() == nanoseconds)
    }

    @Test(arguments: ["", "5 parsecs", "ms", "-3s", "1x"])
    func malformedDurationsNameTheValueAndWhere(text: String) {
        #expect {
            try scalar(text).duration()
        } throws: { error in
            let error = error as? ConfigError
            return error?.location.line == 3 && error?.path == "a.b"
                && error?.message.contains("expected a duration") == true
        }
    }

    @Test func unknownKeysSuggestTheNearestField() {
        let key = SourceLocation(file: "f.yaml", line: 4, column: 5)
        let node = ConfigNode(
            .mapping([("usres", key, scalar("5"))]),
            location: SourceLocation(file: "f.yaml", line: 4, column: 5),
            path: "scenarios.echo.load"
        )
        #expect {
            try node.mapping(allowedKeys: ["model", "users", "duration"])
        } throws: { error in
            (error as? ConfigError)?.description
                == "f.yaml:4:5: scenarios.echo.load.usres: unknown field 'usres'; did you mean 'users'?"
        }
    }

    @Test func suggestionsStayQuietForUnrelatedNames() {
        #expect(ConfigSuggestion.nearest(to: "zzzzzz", in: ["users", "rate"]) == nil)
        #expect(ConfigSuggestion.nearest(to: "tpc", in: ["tcp", "udp"]) == "tcp")
    }

    @Test(
        arguments: [("200", 200), ("200/s", 200), ("6000/m", 100), ("7200/h", 2), ("1_000/s", 1000), ("0.5", 0.5)]
            as [(String, Double)]
    )
    func ratesAreArrivalsPerSecondInEveryUnit(text: String, perSecond: Double) throws {
        #expect(try scalar(text).rate() == perSecond)
    }

    @Test func badRatesAndSharesNameTheValueAndWhere() throws {
        #expect(try scalar("0").rate(allowZero: true) == 0)
        for text in ["0", "200/d", "fast", "-5/s"] {
            let error = #expect(throws: ConfigError.self, "\(text)") { try scalar(text).rate() }
            #expect(error?.location.line == 3 && error?.path == "a.b", "\(text)")
        }
        #expect(try scalar("5%").fraction() == 0.05)
        #expect(try scalar("0.25").fraction() == 0.25)
        for text in ["0%", "half", "-1"] {
            let error = #expect(throws: ConfigError.self, "\(text)") { try scalar(text).fraction() }
            #expect(error?.message.contains("expected a share such as 5% or 0.05") == true, "\(text)")
        }
    }

    @Test func loadLevelsAreSharesOrNumbersAndZeroOnlyWhereAllowed() throws {
        #expect(try scalar("50%").loadLevel() == .share(0.5))
        #expect(try scalar(" 120 ").loadLevel() == .absolute(120))
        #expect(try scalar("0%").loadLevel(allowZero: true) == .share(0))
        #expect(try scalar("0").loadLevel(allowZero: true) == .absolute(0))
        for text in ["0", "0%", "-5", "lots", "nan%"] {
            let error = #expect(throws: ConfigError.self, "\(text)") { try scalar(text).loadLevel() }
            #expect(error?.message.contains("above zero, found '\(text)'") == true, "\(text)")
            #expect(error?.location.line == 3, "\(text)")
        }
        #expect(throws: ConfigError.self) { try scalar("-1%").loadLevel(allowZero: true) }
    }
}
