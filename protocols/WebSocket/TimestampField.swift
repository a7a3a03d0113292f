import BarrageCore
import Foundation

/// Where a message carries the server's send time, for one-way lag: a JSON path to a number of wall-clock
/// (CLOCK_REALTIME) time since the epoch in `unit`, e.g. `$.sent_ns` of the embedded target's ticker.
///
/// A top-level key (`$.sent_ns`) is read by scanning the message's bytes, with no parsing and no allocation; a
/// deeper path parses the message as JSON.
public struct TimestampField: Sendable, Equatable {
    /// Where the number is.
    public var path: JSONPath
    /// Nanoseconds per unit of the number.
    public var nanosecondsPerUnit: UInt64
    /// `"key":` as UTF-8, for the scan of a top-level key.
    let keyPattern: [UInt8]?

    static let units: [(String, UInt64)] = [("ns", 1), ("us", 1000), ("ms", 1_000_000), ("s", 1_000_000_000)]

    /// Parses `lag: "$.path"` or `lag: {path: "$.path", unit: ns|us|ms|s}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> TimestampField {
        var pathNode = node
        var unit: UInt64 = 1
        if case .mapping = node.value {
            let mapping = try node.mapping(allowedKeys: ["path", "unit"])
            pathNode = try mapping.required("path")
            if let unitNode = mapping["unit"] {
                let text = try unitNode.string()
                guard let found = units.first(where: { $0.0 == text }) else {
                    throw unitNode.error("unit must be one of ns, us, ms, s")
                }
                unit = found.1
            }
        }
        let text = try pathNode.string()
        guard let path = JSONPath(text) else {
            throw pathNode.error("'\(text)' is not a JSON path such as $.sent_ns or $.meta.time")
        }
        return TimestampField(path: path, nanosecondsPerUnit: unit)
    }

    init(path: JSONPath, nanosecondsPerUnit: UInt64) {
        self.path = path
        self.nanosecondsPerUnit = nanosecondsPerUnit
        keyPattern = path.topLevelKey.map { Array("\"\($0)\":".utf8) }
    }

    /// The send time in the message, ns since the epoch, or nil when it carries none.
    func sentAt(in message: UnsafeRawBufferPointer) -> UInt64? {
        guard let keyPattern else {
            guard let root = MessageJSON.parse(message), let number = path.value(in: root) as? NSNumber,
                number.doubleValue >= 0
            else { return nil }
            return UInt64(number.doubleValue * Double(nanosecondsPerUnit))
        }
        let bytes = message.bindMemory(to: UInt8.self)
        guard let found = ByteSearch.firstIndex(of: keyPattern, in: UnsafeRawBufferPointer(bytes)) else { return nil }
        var index = found + keyPattern.count
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        var value: UInt64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value &* 10 &+ UInt64(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits > 0 ? value &* nanosecondsPerUnit : nil
    }
}
