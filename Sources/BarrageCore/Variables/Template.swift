import BarrageMetrics

/// A string of a scenario with `${…}` placeholders, parsed once when the scenario loads and rendered for
/// each step from the VU's `VariableScope`.
///
/// Placeholders: `${name}` (a variable: from `variables`, a feeder as `${feeder.column}`, or an extraction),
/// `${vu}`, `${iteration}`, `${uuid}`, `${now_ms}`, `${random_int(a,b)}`. `${env.NAME}` is replaced when the
/// file loads, like `${NAME}`. `$${` writes a literal `${`. A template without placeholders renders to its
/// text without allocating.
public struct Template: Sendable, Equatable, CustomStringConvertible {
    /// One piece of a template.
    enum Part: Sendable, Equatable {
        case text(String)
        case variable(String)
        case vu
        case iteration
        case uuid
        case nowMilliseconds
        case randomInt(Int, Int)
    }

    let parts: [Part]
    /// The text as written.
    public let description: String
    /// The rendered text when the template has no placeholders.
    public let constantText: String?

    /// A template that is `text` as is, with no placeholders.
    public init(literal text: String) {
        parts = text.isEmpty ? [] : [.text(text)]
        description = text
        constantText = text
    }

    /// Parses `text`; `environment` resolves `${env.NAME}` (nil: not set).
    public init(parsing text: String, environment: (String) -> String? = { _ in nil }) throws(TemplateSyntaxError) {
        description = text
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.hasPrefix("${") {
                literal += "${"
                rest = afterDollar.dropFirst(2)
                continue
            }
            guard afterDollar.hasPrefix("{") else {
                literal += "$"
                rest = afterDollar
                continue
            }
            guard let close = afterDollar.firstIndex(of: "}") else {
                throw TemplateSyntaxError("'${' without its closing '}'")
            }
            let body = afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close]
            let part = try Self.part(String(body), environment: environment)
            if case .text(let value) = part {
                literal += value
            } else {
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(part)
            }
            rest = afterDollar[afterDollar.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
        if parts.isEmpty {
            constantText = ""
        } else if parts.count == 1, case .text(let value) = parts[0] {
            constantText = value
        } else {
            constantText = nil
        }
    }

    /// The names of the variables it reads (not the built-ins).
    public var variableNames: [String] {
        parts.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    /// Whether it reads any variable or built-in.
    public var isConstant: Bool { constantText != nil }

    /// The text for the VU whose variables are `scope`; a variable that is not set renders as empty text.
    public func render(_ scope: VariableScope) -> String {
        if let constantText { return constantText }
        var result = ""
        write(scope, to: &result)
        return result
    }

    /// Appends the text for `scope` to `bytes` as UTF-8 and returns how many bytes it appended: for a client
    /// that hands a C library one buffer per request. Numbers (`${random_int(…)}`, `${vu}`, …) are written as
    /// digits straight into `bytes`, with no `String` made for them.
    public func render(_ scope: VariableScope, appendingTo bytes: inout [UInt8]) -> Int {
        let before = bytes.count
        if let constantText {
            bytes.append(contentsOf: constantText.utf8)
        } else {
            write(scope, to: &bytes)
        }
        return bytes.count - before
    }

    private func write<Output: TemplateOutput>(_ scope: VariableScope, to output: inout Output) {
        for part in parts {
            switch part {
            case .text(let text): output.append(text: text)
            case .variable(let name): if let value = scope[name] { output.append(text: value) }
            case .vu: output.append(decimal: scope.vu)
            case .iteration: output.append(decimal: scope.iteration)
            case .uuid: output.append(text: UUIDText.random(using: &scope.random))
            case .nowMilliseconds: output.append(decimal: Int(WallClock.now() / 1_000_000))
            case .randomInt(let low, let high): output.append(decimal: Int.random(in: low...high, using: &scope.random))
            }
        }
    }

    private static func part(_ body: String, environment: (String) -> String?) throws(TemplateSyntaxError) -> Part {
        switch body {
        case "vu": return .vu
        case "iteration": return .iteration
        case "uuid": return .uuid
        case "now_ms": return .nowMilliseconds
        default: break
        }
        if body.hasPrefix("env.") {
            let name = String(body.dropFirst(4))
            guard let value = environment(name) else {
                throw TemplateSyntaxError("environment variable \(name) is not set (used as ${\(body)})")
            }
            return .text(value)
        }
        if body.hasPrefix("random_int(") {
            guard body.hasSuffix(")") else { throw TemplateSyntaxError("write ${random_int(low,high)}") }
            let arguments = body.dropFirst("random_int(".count).dropLast().split(separator: ",")
            guard arguments.count == 2,
                let low = Int(arguments[0].trimmingSpaces), let high = Int(arguments[1].trimmingSpaces)
            else {
                throw TemplateSyntaxError("${\(body)}: random_int takes two whole numbers, e.g. ${random_int(1,100)}")
            }
            guard low <= high else { throw TemplateSyntaxError("${\(body)}: the low bound is above the high bound") }
            return .randomInt(low, high)
        }
        guard VariableName.isValid(body) else {
            throw TemplateSyntaxError(
                "'${\(body)}' is not a variable; names are letters, digits, '_' and '.' (feeder.column), or one of "
                    + "vu, iteration, uuid, now_ms, random_int(a,b), env.NAME"
            )
        }
        return .variable(body)
    }
}

/// Where a template renders to: a `String`, or UTF-8 bytes for a C buffer.
private protocol TemplateOutput {
    mutating func append(text: String)
    mutating func append(decimal value: Int)
}

extension String: TemplateOutput {
    fileprivate mutating func append(text: String) { self += text }
    fileprivate mutating func append(decimal value: Int) { self += String(value) }
}

extension Array: TemplateOutput where Element == UInt8 {
    fileprivate mutating func append(text: String) { append(contentsOf: text.utf8) }

    /// The digits of `value`, written back to front into a stack buffer, then appended at once: no `String` and
    /// one capacity check.
    fileprivate mutating func append(decimal value: Int) {
        // At most 19 digits (Int.min is -9223372036854775808); the sign is appended apart.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var first = digits.count
            var rest = value.magnitude
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest != 0
            if value < 0 { append(UInt8(ascii: "-")) }
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
        }
    }
}

/// Why a template does not parse.
public struct TemplateSyntaxError: Error, Sendable {
    /// What is wrong, for the user.
    public let message: String

    init(_ message: String) {
        self.message = message
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = self[start...].lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
