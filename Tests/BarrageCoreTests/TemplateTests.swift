import BarrageCore
import Testing

struct TemplateTests {
    @Test func textWithoutPlaceholdersIsConstant() throws {
        let template = try Template(parsing: "GET /items?limit=10 costs $5")
        #expect(template.isConstant)
        #expect(template.render(VariableScope(vu: 1)) == "GET /items?limit=10 costs $5")
    }

    @Test func variablesAndBuiltInsRenderFromTheScope() throws {
        let scope = VariableScope(vu: 7, initial: ["token": "abc", "users.email": "a@example.com"])
        scope.iteration = 3
        let template = try Template(parsing: "vu=${vu} it=${iteration} t=${token} e=${users.email} x=${missing}.")
        #expect(!template.isConstant)
        #expect(template.variableNames == ["token", "users.email", "missing"])
        #expect(template.render(scope) == "vu=7 it=3 t=abc e=a@example.com x=.")
    }

    @Test func randomIntStaysInItsBoundsAndUUIDsAreVersion4() throws {
        let scope = VariableScope(vu: 1)
        let numbers = try Template(parsing: "${random_int(5,9)}")
        let seen = Set((0..<200).map { _ in Int(numbers.render(scope))! })
        #expect(seen.isSubset(of: Set(5...9)))
        #expect(seen.count == 5)
        let uuid = try Template(parsing: "${uuid}").render(scope)
        let parts = uuid.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect(["8", "9", "a", "b"].contains(parts[3].first.map(String.init)))
        #expect(try Template(parsing: "${uuid}").render(scope) != uuid)
    }

    @Test func renderingToBytesAppendsWhatTheTextWouldBe() throws {
        let scope = VariableScope(vu: 12, initial: ["name": "zoë"])
        scope.iteration = 0
        var bytes = Array("kept|".utf8)
        let template = try Template(
            parsing: "${vu}:${iteration}:${name}:${missing}:${random_int(-20,-10)}:${random_int(0,0)}"
        )
        let appended = template.render(scope, appendingTo: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("kept|12:0:zoë::-"))
        #expect(text.hasSuffix(":0"))
        #expect(appended == bytes.count - "kept|".utf8.count)
        let negative = Int(text.split(separator: ":", omittingEmptySubsequences: false)[4])!
        #expect((-20 ... -10).contains(negative))

        var extremes: [UInt8] = []
        _ = try Template(parsing: "${random_int(-9223372036854775808,-9223372036854775808)}").render(
            scope,
            appendingTo: &extremes
        )
        extremes.append(UInt8(ascii: " "))
        _ = try Template(parsing: "${random_int(9223372036854775807,9223372036854775807)}").render(
            scope,
            appendingTo: &extremes
        )
        #expect(String(decoding: extremes, as: UTF8.self) == "-9223372036854775808 9223372036854775807")

        var constant: [UInt8] = []
        #expect(try Template(parsing: "plain").render(scope, appendingTo: &constant) == 5)
        #expect(constant == Array("plain".utf8))
    }

    @Test func nowIsWallClockMilliseconds() throws {
        let rendered = Int64(try Template(parsing: "${now_ms}").render(VariableScope(vu: 1)))!
        #expect(rendered > 1_700_000_000_000)
    }

    @Test func dollarDollarBraceWritesALiteralPlaceholder() throws {
        let template = try Template(parsing: "price: $${amount}")
        #expect(template.isConstant)
        #expect(template.render(VariableScope(vu: 1)) == "price: ${amount}")
    }

    @Test func environmentReferencesResolveWhenParsed() throws {
        let template = try Template(parsing: "Bearer ${env.API_TOKEN}") { $0 == "API_TOKEN" ? "s3cr3t" : nil }
        #expect(template.constantText == "Bearer s3cr3t")
        #expect(throws: TemplateSyntaxError.self) { try Template(parsing: "${env.NOPE}") }
    }

    @Test(arguments: [
        ("${", "'${' without its closing '}'"),
        ("${random_int(1)}", "${random_int(1)}: random_int takes two whole numbers, e.g. ${random_int(1,100)}"),
        ("${random_int(9,1)}", "${random_int(9,1)}: the low bound is above the high bound"),
        ("${1abc}", "'${1abc}' is not a variable"),
    ])
    func malformedPlaceholdersSayWhatIsWrong(text: String, message: String) {
        do {
            _ = try Template(parsing: text)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.message.hasPrefix(message))
        }
    }
}

struct ExtractionTests {
    private func node(_ text: String, quoted: Bool = true) -> ConfigNode {
        ConfigNode(.scalar(text, isQuoted: quoted), location: .commandLine, path: "extract.x")
    }

    @Test func aJSONPathShorthandReadsTheBody() throws {
        let extraction = try Extraction.parse(variable: "token", node("$.auth.token"))
        #expect(extraction.field == .body)
        #expect(extraction.value(in: #"{"auth":{"token":"t-1"}}"#) == "t-1")
        #expect(extraction.value(in: #"{"auth":{}}"#) == nil)
        #expect(extraction.value(in: "not json") == nil)
    }

    @Test func aRegexTakesItsFirstGroupAndAFallbackCoversAMiss() throws {
        let mapping = ConfigNode(
            .mapping([
                ("header", .commandLine, node("Location")),
                ("regex", .commandLine, node("/items/(\\d+)")),
                ("default", .commandLine, node("none")),
            ]),
            location: .commandLine,
            path: "extract.id"
        )
        let extraction = try Extraction.parse(variable: "id", mapping)
        #expect(extraction.field == .header("location"))
        #expect(extraction.value(in: "/items/42") == "42")
        #expect(extraction.value(in: "/other") == "none")
        #expect(extraction.value(in: nil) == "none")
    }

    @Test func aBadNameOrSourceIsRefusedWithItsReason() {
        #expect(throws: ConfigError.self) { try Extraction.parse(variable: "vu", node("$.a")) }
        do {
            _ = try Extraction.parse(variable: "x", node("token"))
            Issue.record("a bare word parsed")
        } catch {
            #expect(error.message.hasPrefix("'token' is not a JSON path such as $.token"))
        }
    }
}

struct DataFeederTests {
    private func feeder(_ order: DataFeeder.Order, _ exhaustion: DataFeeder.Exhaustion, rows: Int = 3) -> DataFeeder {
        DataFeeder(
            name: "users",
            columns: ["name", "n"],
            source: .rows((0..<rows).map { ["user\($0)", "\($0)"] }),
            order: order,
            exhaustion: exhaustion
        )
    }

    @Test func sequentialRowsGoOutOnceEachThenRecycle() {
        let feeder = feeder(.sequential, .recycle)
        let scope = VariableScope(vu: 1)
        var seen: [String] = []
        for _ in 0..<5 {
            #expect(feeder.draw(into: scope, vu: 0))
            seen.append(scope["users.name"]!)
        }
        #expect(seen == ["user0", "user1", "user2", "user0", "user1"])
    }

    @Test func sequentialWithStopRefusesTheDrawAfterTheLastRow() {
        let feeder = feeder(.sequential, .stop, rows: 2)
        let scope = VariableScope(vu: 1)
        #expect(feeder.draw(into: scope, vu: 0))
        #expect(feeder.draw(into: scope, vu: 1))
        #expect(!feeder.draw(into: scope, vu: 0))
    }

    @Test func uniqueGivesEachVUItsOwnRow() {
        let feeder = feeder(.unique, .stop)
        for vu in 0..<3 {
            let scope = VariableScope(vu: vu + 1)
            #expect(feeder.draw(into: scope, vu: vu))
            #expect(scope["users.n"] == "\(vu)")
        }
        #expect(!feeder.draw(into: VariableScope(vu: 4), vu: 3))
        #expect(self.feeder(.unique, .recycle).draw(into: VariableScope(vu: 4), vu: 3))
    }

    @Test func generatorsMakeValuesOfTheirKind() {
        let feeder = DataFeeder(
            name: "people",
            columns: ["email", "age", "tier"],
            source: .generated([.email, .integer(18, 20), .oneOf(["gold"])]),
            order: .random,
            exhaustion: .recycle
        )
        let scope = VariableScope(vu: 1)
        #expect(feeder.draw(into: scope, vu: 0))
        #expect(scope["people.email"]!.hasSuffix("@example.com"))
        #expect((18...20).contains(Int(scope["people.age"]!)!))
        #expect(scope["people.tier"] == "gold")
    }
}

struct SecretRedactorTests {
    @Test func secretsAreMaskedLongestFirstAndShortValuesAreIgnored() {
        let redactor = SecretRedactor(["hunter2", "hunter2-admin", "ab"])
        #expect(redactor.redact("login hunter2-admin then hunter2, ab") == "login *** then ***, ab")
    }
}
