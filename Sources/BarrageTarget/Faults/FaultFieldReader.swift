/// Reads one JSON object of a fault document, field by field, with errors that name the field's full path.
struct FaultFieldReader {
    let path: String
    let fields: [String: JSONValue]

    /// Reads `value` at `path` as an object whose keys are all in `allowed`.
    init(_ value: JSONValue, path: String, allowed: Set<String>) throws(FaultValidationError) {
        guard case .object(let fields) = value else {
            throw FaultValidationError(field: path, reason: "must be an object, got \(value.typeName)")
        }
        for key in fields.keys.sorted() where !allowed.contains(key) {
            let expected = allowed.sorted().joined(separator: ", ")
            throw FaultValidationError(field: "\(path).\(key)", reason: "unknown field (expected one of: \(expected))")
        }
        self.path = path
        self.fields = fields
    }

    func has(_ key: String) -> Bool {
        if case .some(.null) = fields[key] { return false }
        return fields[key] != nil
    }

    func field(_ key: String) -> String { "\(path).\(key)" }

    /// A number ≥ 0, or nil when absent.
    func nonNegativeNumber(_ key: String) throws(FaultValidationError) -> Double? {
        guard has(key) else { return nil }
        guard case .some(.number(let value)) = fields[key], value >= 0, value.isFinite else {
            throw FaultValidationError(field: field(key), reason: "must be a non-negative number")
        }
        return value
    }

    func requiredNonNegativeNumber(_ key: String) throws(FaultValidationError) -> Double {
        guard let value = try nonNegativeNumber(key) else {
            throw FaultValidationError(field: field(key), reason: "is required (a non-negative number)")
        }
        return value
    }

    /// An integer in `range`, or nil when absent.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(FaultValidationError) -> Int? {
        guard has(key) else { return nil }
        guard case .some(.number(let value)) = fields[key], value.rounded() == value,
            value >= Double(range.lowerBound), value <= Double(range.upperBound)
        else {
            throw FaultValidationError(
                field: field(key),
                reason: "must be an integer from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return Int(value)
    }

    func requiredInteger(_ key: String, in range: ClosedRange<Int>) throws(FaultValidationError) -> Int {
        guard let value = try integer(key, in: range) else {
            throw FaultValidationError(
                field: field(key),
                reason: "is required (an integer from \(range.lowerBound) to \(range.upperBound))"
            )
        }
        return value
    }

    /// A probability in [0, 1].
    func requiredProbability(_ key: String) throws(FaultValidationError) -> Double {
        guard case .some(.number(let value)) = fields[key], value >= 0, value <= 1 else {
            throw FaultValidationError(field: field(key), reason: "must be a number between 0 and 1")
        }
        return value
    }

    func string(_ key: String) throws(FaultValidationError) -> String? {
        guard has(key) else { return nil }
        guard case .some(.string(let value)) = fields[key] else {
            throw FaultValidationError(field: field(key), reason: "must be a string")
        }
        return value
    }

    func bool(_ key: String) throws(FaultValidationError) -> Bool? {
        guard has(key) else { return nil }
        guard case .some(.bool(let value)) = fields[key] else {
            throw FaultValidationError(field: field(key), reason: "must be true or false")
        }
        return value
    }

    func value(_ key: String) -> JSONValue? {
        has(key) ? fields[key] : nil
    }
}
