import BarrageCore
import Foundation

/// Which status codes a step accepts.
public enum StatusCheck: Sendable, Equatable {
    /// Exactly this code.
    case equals(Int)
    /// Any of these codes.
    case oneOf([Int])
    /// A code in this range.
    case range(ClosedRange<Int>)

    /// Whether `status` is accepted.
    func accepts(_ status: Int) -> Bool {
        switch self {
        case .equals(let code): status == code
        case .oneOf(let codes): codes.contains(status)
        case .range(let range): range.contains(status)
        }
    }

    /// Parses `status: 200`, `status: [200, 201]`, `status: {in: [200, 201]}`, `status: {range: 200-299}` or
    /// `status: {range: [200, 299]}`.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> StatusCheck {
        switch node.value {
        case .scalar:
            return .equals(try code(node))
        case .sequence(let items):
            var codes: [Int] = []
            for item in items { codes.append(try code(item)) }
            guard !codes.isEmpty else { throw node.error("status needs at least one code") }
            return .oneOf(codes)
        default:
            let mapping = try node.mapping(allowedKeys: ["equals", "in", "range"])
            guard mapping.keys.count == 1 else { throw node.error("status takes one of equals, in or range") }
            if let equals = mapping["equals"] { return .equals(try code(equals)) }
            if let list = mapping["in"] {
                return try parse(ConfigNode(.sequence(try list.sequence()), location: list.location, path: list.path))
            }
            let range = try mapping.required("range")
            let bounds: [Int]
            if case .sequence(let items) = range.value {
                var numbers: [Int] = []
                for item in items { numbers.append(try code(item)) }
                bounds = numbers
            } else {
                let text = try range.string()
                bounds = text.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
            guard bounds.count == 2, bounds[0] <= bounds[1] else {
                throw range.error("range must be 'low-high' or [low, high], e.g. 200-299")
            }
            return .range(bounds[0]...bounds[1])
        }
    }

    private static func code(_ node: ConfigNode) throws(ConfigError) -> Int {
        let code = try node.int()
        guard (100...599).contains(code) else { throw node.error("a status code is 100–599, found \(code)") }
        return code
    }
}
