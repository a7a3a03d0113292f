#if canImport(Glibc)
import Glibc
#endif

extension RFC3339 {
    /// The Unix time in milliseconds of an RFC 3339 timestamp (`2026-11-26T10:00:00Z`,
    /// `2026-11-26T11:00:00.250+01:00`), or nil when `text` is not one.
    public static func parse(_ text: String) -> Int64? {
        let characters = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= characters.count else { return nil }
            var value = 0
            for index in range {
                let digit = Int(characters[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        func character(_ index: Int, _ expected: [UInt8]) -> Bool {
            index < characters.count && expected.contains(characters[index])
        }
        guard let year = number(0..<4), character(4, [45]), let month = number(5..<7), character(7, [45]),
            let day = number(8..<10), character(10, [84, 116, 32]), let hour = number(11..<13), character(13, [58]),
            let minute = number(14..<16), character(16, [58]), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var milliseconds = 0
        if character(index, [46]) {
            index += 1
            var scale = 100
            while index < characters.count, (48...57).contains(characters[index]) {
                milliseconds += (Int(characters[index]) - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if character(index, [90, 122]) {
            index += 1
        } else if character(index, [43, 45]), let offsetHours = number(index + 1..<index + 3),
            character(index + 3, [58]), let offsetMinutes = number(index + 4..<index + 6)
        {
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (characters[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == characters.count else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        let seconds = Int64(timegm(&fields)) - Int64(offsetSeconds)
        return seconds * 1000 + Int64(milliseconds)
    }
}
