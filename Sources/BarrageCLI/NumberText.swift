import Foundation

/// Number formatting for the console: grouped thousands, fixed decimals, milliseconds.
enum NumberText {
    static func grouped(_ value: Double) -> String {
        let whole = Int(value.rounded())
        let digits = String(abs(whole))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (whole < 0 ? "-" : "") + result
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// `0.042 ms`, `12.3 ms`, `1,204 ms`.
    static func milliseconds(_ value: Double) -> String {
        if value < 1 { return fixed(value, 3) + " ms" }
        if value < 100 { return fixed(value, 1) + " ms" }
        return grouped(value) + " ms"
    }
}
