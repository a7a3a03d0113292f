import BarrageMetrics

/// How the test-type watches write figures in their console lines: rates, milliseconds and seconds, with the
/// three significant digits of `TrendText.number` that every report uses.
enum TestTypeText {
    /// `425/s`, `12.5/s`.
    static func rate(_ value: Double) -> String { TrendText.number(value) + "/s" }

    /// `91.5 ms`.
    static func ms(_ value: Double) -> String { TrendText.number(value) + " ms" }

    /// `2.00 s`.
    static func seconds(_ value: Double) -> String { TrendText.number(value) + " s" }
}
