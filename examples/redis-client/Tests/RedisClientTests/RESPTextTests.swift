import Testing

@testable import RedisClient

/// What an extraction reads from each kind of reply: scalars as their text, nulls as nothing, aggregates as
/// JSON that a JSON path can read.
@Suite(.timeLimit(.minutes(1)))
struct RESPTextTests {
    /// The text of the one complete reply `wire`.
    private func text(_ wire: String) -> String?? {
        let bytes = Array(wire.utf8)
        return bytes.withUnsafeBytes { raw -> String?? in
            var scanner = RESPScanner()
            guard scanner.scan(raw) == .complete(length: raw.count) else { return .none }
            return .some(RESPText.text(of: raw, scanner))
        }
    }

    @Test func scalarsAreTheirTextAndNullsAreNothing() {
        #expect(text("+OK\r\n") == "OK")
        #expect(text("$11\r\nhello world\r\n") == "hello world")
        #expect(text("$0\r\n\r\n") == "")
        #expect(text(":-42\r\n") == "-42")
        #expect(text(",3.25\r\n") == "3.25")
        #expect(text("#t\r\n") == "true")
        #expect(text("=15\r\ntxt:Some string\r\n") == "Some string")
        #expect(text("-WRONGTYPE Operation against a key\r\n") == "WRONGTYPE Operation against a key")
        #expect(text("$-1\r\n") == .some(nil))
        #expect(text("*-1\r\n") == .some(nil))
        #expect(text("_\r\n") == .some(nil))
    }

    @Test func aggregatesAreJSON() {
        #expect(text("*3\r\n$1\r\na\r\n:1\r\n$-1\r\n") == #"["a",1,null]"#)
        #expect(text("*0\r\n") == "[]")
        #expect(text("%2\r\n+name\r\n$3\r\nada\r\n:7\r\n*2\r\n#f\r\n,inf\r\n") == #"{"name":"ada","7":[false,"inf"]}"#)
        #expect(text("~1\r\n*1\r\n-ERR no\r\n") == #"[["ERR no"]]"#)
        // Attributes describe the reply that follows; they are not part of it.
        #expect(text("|1\r\n+ttl\r\n:3\r\n*1\r\n=8\r\ntxt:text\r\n") == #"["text"]"#)
    }

    @Test func stringsInsideJSONAreEscaped() {
        #expect(text("*1\r\n$7\r\na\"b\\c\n\t\r\n") == #"["a\"b\\c\n\t"]"#)
        #expect(text("*1\r\n$1\r\n\u{1}\r\n") == #"["\u0001"]"#)
    }
}
