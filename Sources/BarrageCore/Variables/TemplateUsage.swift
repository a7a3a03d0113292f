import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the templates of a scenario file read, gathered while the file loads so that the loader can check
/// every `${name}` against the variables the file defines and redact every `${env.NAME}` value.
///
/// The loader binds one with `TemplateUsage.$current.withValue(…)` around parsing; `ConfigNode.template()`
/// reports to it. Protocols need not know it exists.
public final class TemplateUsage: Sendable {
    /// One `${name}` and where it was written.
    public struct Reference: Sendable {
        /// The variable's name.
        public var name: String
        /// Where the template was written.
        public var node: ConfigNode
    }

    private struct State {
        var references: [Reference] = []
        var secrets: [String] = []
    }

    private let state = Mutex(State())

    /// The usage being gathered by the current load, if any.
    @TaskLocal public static var current: TemplateUsage?

    /// An empty record.
    public init() {}

    /// Every variable reference seen, in order.
    public var references: [Reference] { state.withLock { $0.references } }

    /// Every value that came from the environment through `${env.NAME}`.
    public var secrets: [String] { state.withLock { $0.secrets } }

    func record(_ template: Template, at node: ConfigNode) {
        let names = template.variableNames
        guard !names.isEmpty else { return }
        state.withLock { state in
            for name in names { state.references.append(Reference(name: name, node: node)) }
        }
    }

    /// Records a value that must be redacted from every output.
    public func recordSecret(_ value: String) {
        state.withLock { $0.secrets.append(value) }
    }
}

extension ConfigNode {
    /// The node as a `Template`: text with `${…}` placeholders rendered per VU. A malformed placeholder or an
    /// unset `${env.NAME}` is an error at this node.
    public func template() throws(ConfigError) -> Template {
        let text = try string()
        let usage = TemplateUsage.current
        do {
            let template = try Template(parsing: text) { name in
                guard let pointer = getenv(name) else { return nil }
                let value = String(cString: pointer)
                usage?.recordSecret(value)
                return value
            }
            usage?.record(template, at: self)
            return template
        } catch {
            throw self.error(error.message)
        }
    }
}
