/// Splits a command written as one line (`"SET session:${vu} ${token}"`) into its arguments: at spaces, but
/// not at spaces inside a placeholder, so `${random_int(1, 100)}` stays one argument. `$${` is a literal `${`
/// (as in a template) and opens no placeholder. Runs of spaces separate like one.
enum RedisCommandWords {
    /// The words of `text`, in order, none empty.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var insidePlaceholder = false
        var rest = Substring(text)
        while let character = rest.first {
            if !insidePlaceholder, rest.hasPrefix("$${") {
                word += "$${"
                rest = rest.dropFirst(3)
                continue
            }
            if !insidePlaceholder, rest.hasPrefix("${") {
                insidePlaceholder = true
            } else if insidePlaceholder, character == "}" {
                insidePlaceholder = false
            }
            if character == " ", !insidePlaceholder {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(character)
            }
            rest = rest.dropFirst()
        }
        if !word.isEmpty { words.append(word) }
        return words
    }
}
