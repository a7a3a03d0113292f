import BarrageCore

extension Scenario {
    /// The scenario with its name and every step and group name passed through `redactor`: names reach
    /// every output.
    func redactingNames(with redactor: SecretRedactor) -> Scenario {
        guard !redactor.isEmpty else { return self }
        func redact(_ items: [FlowItem]) -> [FlowItem] {
            items.map { item in
                switch item {
                case .step(var step):
                    step.name = redactor.redact(step.name)
                    return .step(step)
                case .group(let name, let children):
                    return .group(name: redactor.redact(name), items: redact(children))
                case .pause:
                    return item
                }
            }
        }
        var copy = self
        copy.name = redactor.redact(name)
        copy.tasks = tasks.map { task in
            var task = task
            task.items = redact(task.items)
            return task
        }
        return copy
    }
}
