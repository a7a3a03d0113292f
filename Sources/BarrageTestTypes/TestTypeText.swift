/// How the test-type watches write figures in their console lines: rates, milliseconds and seconds, short.
enum TestTypeText {
    /// `425/s`, or `12.5/s` below 100.
    static func rate(_ value: Double) -> String {
        value >= 100 ? "\(Int(value.rounded()))/s" : "\((value * 10).rounded() / 10)/s"
    }

    /// `91.5 ms`.
    static func ms(_ value: Double) -> String { "\((value * 10).rounded() / 10) ms" }

    /// `2.0 s`.
    static func seconds(_ value: Double) -> String { "\((value * 10).rounded() / 10) s" }
}
