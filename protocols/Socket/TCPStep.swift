import BarrageCore
import Foundation

/// A TCP step: connect (or reuse the VU's connection), send bytes, read a reply, check it.
///
/// A final class rather than a struct: the client casts the step it is given once per execution, and a class
/// cast is a type check and a retain, where a struct cast copies every field.
public final class TCPStep: StepDefinition {
    /// When the VU's connection is made anew.
    public enum ConnectionPolicy: String, Sendable {
        /// One connection per VU, kept across iterations (reconnected after a failure).
        case perVU = "per_vu"
        /// A new connection for each iteration.
        case perIteration = "per_iteration"
    }

    /// Where to connect.
    public let address: SocketAddress
    /// What to send (may be empty: connect and read only).
    public let payload: [UInt8]
    /// The `send` text when it reads variables: rendered for every send instead of `payload`.
    public let payloadTemplate: Template?
    /// How much to read.
    public let read: ReadMode
    /// The check on the reply, if any.
    public let check: ResponseCheck?
    /// The whole step's timeout, ns.
    public let timeout: UInt64
    /// The connect timeout, ns.
    public let connectTimeout: UInt64
    /// Connection reuse.
    public let connection: ConnectionPolicy

    /// Slot 0: connect time (when this step connected); slot 1: time from the request sent to the first byte.
    public var phaseNames: [String] { ["connect", "first_byte"] }

    init(
        address: SocketAddress,
        payload: [UInt8],
        payloadTemplate: Template? = nil,
        read: ReadMode,
        check: ResponseCheck?,
        timeout: UInt64,
        connectTimeout: UInt64,
        connection: ConnectionPolicy
    ) {
        self.address = address
        self.payload = payload
        self.payloadTemplate = payloadTemplate
        self.read = read
        self.check = check
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.connection = connection
    }

    static let fields = ["address", "send", "send_hex", "read", "expect", "timeout", "connect_timeout", "connection"]

    /// Parses a `tcp:` step.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> TCPStep {
        let mapping = try node.mapping(allowedKeys: fields)
        let addressNode = try mapping.required("address")
        let addressText = try addressNode.string()
        let address: SocketAddress
        do {
            address = try SocketAddress.resolve(addressText, type: Int32(SOCK_STREAM.rawValue))
        } catch {
            throw addressNode.error(error.description)
        }
        var connection = ConnectionPolicy.perVU
        if let policy = mapping["connection"] {
            let text = try policy.string()
            guard let parsed = ConnectionPolicy(rawValue: text) else {
                throw policy.error("connection must be per_vu or per_iteration, found '\(text)'")
            }
            connection = parsed
        }
        let timeout = try mapping["timeout"]?.duration() ?? 10_000_000_000
        guard timeout > 0 else { throw mapping["timeout"]!.error("timeout must be longer than zero") }
        return TCPStep(
            address: address,
            payload: try Payload.parse(mapping),
            payloadTemplate: try Payload.template(mapping),
            read: try mapping["read"].map { node throws(ConfigError) in try ReadMode.parse(node) } ?? .any,
            check: try mapping["expect"].map { node throws(ConfigError) in try ResponseCheck.parse(node) },
            timeout: timeout,
            connectTimeout: try mapping["connect_timeout"]?.duration() ?? min(timeout, 5_000_000_000),
            connection: connection
        )
    }
}
