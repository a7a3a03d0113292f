import BarrageCore
import Foundation

/// Parses the `data:` section: named feeders from CSV or JSON-lines files, inline lists, or generators.
///
/// ```yaml
/// data:
///   users: {file: users.csv, order: unique, on_exhaustion: stop}   # header row names the columns
///   orders: {file: orders.jsonl, order: random}                   # one JSON object a line
///   colors: {values: [red, green, blue]}                          # one column, "value"
///   people: {generate: {name: name, email: email, age: {int: [18, 90]}}}
/// ```
enum FeederParser {
    static let fields = ["file", "values", "generate", "order", "on_exhaustion"]

    /// Every feeder of `node`, by name; files are read relative to `directory`.
    static func parse(_ node: ConfigNode, directory: String) throws(ConfigError) -> [String: DataFeeder] {
        let mapping = try node.mapping(allowedKeys: node.keys)
        var feeders: [String: DataFeeder] = [:]
        for name in mapping.keys {
            guard let spec = mapping[name] else { throw node.error("data '\(name)' is empty") }
            guard VariableName.isValid(name), !name.contains(".") else {
                throw spec.error("'\(name)' cannot name data: use letters, digits and '_'")
            }
            feeders[name] = try feeder(named: name, spec, directory: directory)
        }
        return feeders
    }

    static func feeder(named name: String, _ node: ConfigNode, directory: String) throws(ConfigError) -> DataFeeder {
        let fields = try node.mapping(allowedKeys: Self.fields)
        let sources = ["file", "values", "generate"].filter { fields[$0] != nil }
        guard sources.count == 1, let sourceKey = sources.first, let sourceNode = fields[sourceKey] else {
            throw node.error("data '\(name)' takes one of file, values or generate")
        }
        let order = try choice(fields["order"], DataFeeder.Order.self) ?? .sequential
        let exhaustion = try choice(fields["on_exhaustion"], DataFeeder.Exhaustion.self) ?? .recycle
        let columns: [String]
        let source: DataFeeder.Source
        switch sourceKey {
        case "file":
            (columns, source) = try file(sourceNode, directory: directory)
        case "values":
            (columns, source) = try values(sourceNode)
        default:
            if fields["order"] != nil || fields["on_exhaustion"] != nil {
                throw node.error("generated data never runs out and has no order; remove order and on_exhaustion")
            }
            (columns, source) = try generators(sourceNode)
        }
        if case .rows(let rows) = source, rows.isEmpty {
            throw sourceNode.error("data '\(name)' has no rows")
        }
        return DataFeeder(name: name, columns: columns, source: source, order: order, exhaustion: exhaustion)
    }

    private static func choice<Option: RawRepresentable & CaseIterable>(
        _ node: ConfigNode?,
        _: Option.Type
    ) throws(ConfigError) -> Option? where Option.RawValue == String {
        guard let node else { return nil }
        let text = try node.string()
        guard let option = Option(rawValue: text) else {
            let names = Option.allCases.map(\.rawValue)
            let hint = ConfigSuggestion.nearest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
            throw node.error("unknown value '\(text)'; \(hint)expected one of: \(names.joined(separator: ", "))")
        }
        return option
    }

    private static func file(_ node: ConfigNode, directory: String) throws(ConfigError) -> ([String], DataFeeder.Source)
    {
        let written = try node.string()
        let path = written.hasPrefix("/") ? written : (directory as NSString).appendingPathComponent(written)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw node.error("cannot read '\(path)'")
        }
        let text = String(decoding: data, as: UTF8.self)
        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
            return try jsonLines(text, node: node)
        }
        guard path.hasSuffix(".csv") else {
            throw node.error("'\(written)': data files are .csv (with a header row) or .jsonl (one JSON object a line)")
        }
        var rows = CSVRows.parse(text)
        guard !rows.isEmpty else { throw node.error("'\(written)' is empty; its first row names the columns") }
        let header = rows.removeFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        for column in header where !VariableName.isValid(column) || column.contains(".") {
            throw node.error("'\(written)': column '\(column)' cannot name a variable (letters, digits and '_')")
        }
        for (index, row) in rows.enumerated() where row.count != header.count {
            throw node.error(
                "'\(written)' line \(index + 2): \(row.count) fields, but the header has \(header.count)"
            )
        }
        return (header, .rows(rows))
    }

    private static func jsonLines(_ text: String, node: ConfigNode) throws(ConfigError) -> ([String], DataFeeder.Source)
    {
        var columns: [String] = []
        var objects: [[String: Any]] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw node.error("line \(index + 1) is not a JSON object")
            }
            for key in object.keys.sorted() where !columns.contains(key) {
                guard VariableName.isValid(key), !key.contains(".") else {
                    throw node.error("line \(index + 1): key '\(key)' cannot name a variable (letters, digits and '_')")
                }
                columns.append(key)
            }
            objects.append(object)
        }
        let rows = objects.map { object in columns.map { object[$0].map(JSONPath.text(of:)) ?? "" } }
        return (columns, .rows(rows))
    }

    private static func values(_ node: ConfigNode) throws(ConfigError) -> ([String], DataFeeder.Source) {
        let items = try node.sequence()
        guard let first = items.first else { throw node.error("values needs at least one entry") }
        if case .mapping = first.value {
            let columns = first.keys
            var rows: [[String]] = []
            for item in items {
                let row = try item.mapping(allowedKeys: columns)
                var values: [String] = []
                for column in columns { values.append(try row[column]?.string() ?? "") }
                rows.append(values)
            }
            return (columns, .rows(rows))
        }
        var rows: [[String]] = []
        for item in items { rows.append([try item.string()]) }
        return (["value"], .rows(rows))
    }

    private static func generators(_ node: ConfigNode) throws(ConfigError) -> ([String], DataFeeder.Source) {
        let mapping = try node.mapping(allowedKeys: node.keys)
        var columns: [String] = []
        var generators: [DataGenerator] = []
        let simple = DataGenerator.simpleNames.keys.sorted()
        for column in mapping.keys {
            guard let spec = mapping[column] else { continue }
            columns.append(column)
            if case .scalar(let text, _) = spec.value {
                guard let generator = DataGenerator.simpleNames[text] else {
                    let hint = ConfigSuggestion.nearest(to: text, in: simple).map { "did you mean '\($0)'? " } ?? ""
                    throw spec.error(
                        "unknown generator '\(text)'; \(hint)expected one of: \(simple.joined(separator: ", ")), "
                            + "{int: [low, high]}, {decimal: [low, high]}, {one_of: [a, b]}"
                    )
                }
                generators.append(generator)
                continue
            }
            let fields = try spec.mapping(allowedKeys: ["int", "decimal", "one_of"])
            guard fields.keys.count == 1, let kind = fields.keys.first, let argument = fields[kind] else {
                throw spec.error("give one of int, decimal, one_of")
            }
            switch kind {
            case "one_of":
                var options: [String] = []
                for item in try argument.sequence() { options.append(try item.string()) }
                guard !options.isEmpty else { throw argument.error("one_of needs at least one value") }
                generators.append(.oneOf(options))
            default:
                let bounds = try argument.sequence()
                guard bounds.count == 2 else { throw argument.error("write [low, high]") }
                if kind == "int" {
                    let low = try bounds[0].int()
                    let high = try bounds[1].int()
                    guard low <= high else { throw argument.error("low is above high") }
                    generators.append(.integer(low, high))
                } else {
                    let low = try bounds[0].double()
                    let high = try bounds[1].double()
                    guard low <= high else { throw argument.error("low is above high") }
                    generators.append(.decimal(low, high))
                }
            }
        }
        guard !columns.isEmpty else { throw node.error("generate needs at least one column") }
        return (columns, .generated(generators))
    }
}
