/// Why a value from a scenario cannot be used, before it is tied to the node it came from.
struct ParseProblem: Error {
    /// What is wrong, for the user.
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
