import BarrageCore

/// Checks that every `${name}` a scenario's templates read is defined for that scenario: by `variables`, by
/// a feeder it draws (`${feeder.column}`), or by an `extract:` of one of its steps.
enum VariableReferenceCheck {
    /// One problem per undefined reference.
    /// `definedByScenario`: for each scenario (by its name as written, also one that failed to load), what its
    /// templates may read.
    static func problems(in usage: TemplateUsage, defined definedByScenario: [String: Set<String>]) -> [ConfigError] {
        let everywhere = definedByScenario.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        var problems: [ConfigError] = []
        var reported: Set<String> = []
        for reference in usage.references {
            let path = reference.node.path
            let scenario = definedByScenario.keys.first { name in
                path.hasPrefix("scenarios.\(name).") || path.hasPrefix("scenarios.\(name)[")
            }
            let defined = scenario.flatMap { definedByScenario[$0] } ?? everywhere
            guard !defined.contains(reference.name),
                reported.insert("\(reference.name)@\(reference.node.location)").inserted
            else { continue }
            var message = "variable '\(reference.name)' is not defined"
            if let hint = ConfigSuggestion.nearest(to: reference.name, in: Array(defined)) {
                message += "; did you mean '\(hint)'?"
            } else if reference.name.contains("."), let feeder = reference.name.split(separator: ".").first {
                message += "; to read data '\(feeder)', add `data: \(feeder)` to the scenario"
            } else {
                message += "; define it in variables:, with an extract: of an earlier step, or from data:"
            }
            problems.append(reference.node.error(message))
        }
        return problems
    }
}
