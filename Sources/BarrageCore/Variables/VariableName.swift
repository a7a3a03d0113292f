/// The rules for variable names: letters, digits, `_` and `.`, starting with a letter or `_`.
public enum VariableName {
    /// Names the template language keeps for its built-ins.
    public static let builtIns = ["vu", "iteration", "uuid", "now_ms"]

    /// Whether `name` can name a variable.
    public static func isValid(_ name: some StringProtocol) -> Bool {
        guard let first = name.first, first.isLetter || first == "_", first.isASCII else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }
}
