/// Maps protocol names to the factories that serve them. A value: `main.swift` builds one from the protocol
/// targets it links and passes it down; tests build their own. There is no global registry.
public struct ClientRegistry: Sendable {
    /// The registered factories, in registration order.
    public private(set) var factories: [any ClientFactory]

    /// A registry of `factories`; a later factory does not replace an earlier one's names.
    public init(_ factories: [any ClientFactory] = []) {
        self.factories = factories
    }

    /// The factory serving `protocolName`, if any.
    public func factory(for protocolName: String) -> (any ClientFactory)? {
        factories.first { $0.protocolNames.contains(protocolName) }
    }

    /// Every protocol name, in registration order.
    public var protocolNames: [String] { factories.flatMap(\.protocolNames) }

    /// This registry with `factory` added.
    public func adding(_ factory: any ClientFactory) -> ClientRegistry {
        var copy = self
        copy.factories.append(factory)
        return copy
    }

    /// Both registries' factories.
    public static func + (lhs: ClientRegistry, rhs: [any ClientFactory]) -> ClientRegistry {
        ClientRegistry(lhs.factories + rhs)
    }
}
