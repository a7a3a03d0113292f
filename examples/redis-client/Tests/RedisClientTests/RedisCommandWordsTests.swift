import Testing

@testable import RedisClient

/// A command written as one line splits at spaces, never inside a placeholder.
@Suite(.timeLimit(.minutes(1)))
struct RedisCommandWordsTests {
    @Test func spacesSplitOutsidePlaceholdersOnly() {
        #expect(RedisCommandWords.split("GET item:42") == ["GET", "item:42"])
        #expect(RedisCommandWords.split("  SET  k:${vu}   v ") == ["SET", "k:${vu}", "v"])
        #expect(RedisCommandWords.split("SET n ${random_int(1, 100)}") == ["SET", "n", "${random_int(1, 100)}"])
        // `$${` is a literal `${`: what follows is not a placeholder, so its space splits.
        #expect(RedisCommandWords.split("ECHO $${not a} x") == ["ECHO", "$${not", "a}", "x"])
        #expect(RedisCommandWords.split("") == [])
    }
}
