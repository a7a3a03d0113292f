import BarrageCore

/// The commands of a step when at least one argument reads a variable (`item:${item_id}`): encoded anew for
/// each execution from the VU's `VariableScope`. Constant arguments keep their bytes from load time; only the
/// templated ones are rendered.
///
/// A step whose arguments are all constant has no request template: its request is encoded once, when the
/// scenario loads, and executing it allocates nothing.
struct RedisRequestTemplate: Sendable {
    /// One argument of a command.
    enum Argument: Sendable {
        /// Constant bytes, as written.
        case bytes([UInt8])
        /// Text with placeholders, rendered per execution.
        case template(Template)
    }

    /// The commands, each a list of arguments (the first is the command's name).
    let commands: [[Argument]]

    /// A template for `commands`, or nil when every argument is constant.
    init?(_ commands: [[Template]]) {
        guard commands.contains(where: { $0.contains { !$0.isConstant } }) else { return nil }
        self.commands = commands.map { command in
            command.map { argument in
                argument.constantText.map { .bytes(Array($0.utf8)) } ?? .template(argument)
            }
        }
    }

    /// Replaces the contents of `bytes` with the commands rendered for `scope`. `bytes` keeps its capacity, so a
    /// session that reuses one buffer allocates only for the rendered arguments' text.
    func encode(_ scope: VariableScope, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        for command in commands {
            RESPEncoder.appendArrayHeader(count: command.count, to: &bytes)
            for argument in command {
                switch argument {
                case .bytes(let constant): RESPEncoder.appendBulk(constant, to: &bytes)
                case .template(let template): RESPEncoder.appendBulk(template.render(scope).utf8, to: &bytes)
                }
            }
        }
    }
}
