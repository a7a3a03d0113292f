import BarrageCore
import Foundation

/// A UDP step: send one datagram and (by default) wait for one reply; no reply in time counts as loss.
///
/// A final class rather than a struct: the client casts the step it is given once per execution, and a class
/// cast is a type check and a retain, where a struct cast copies every field.
public final class UDPStep: StepDefinition {
    /// Where to send.
    public let address: SocketAddress
    /// The datagram.
    public let payload: [UInt8]
    /// The `send` text when it reads variables: rendered for every send instead of `payload`.
    public let payloadTemplate: Template?
    /// Whether a reply is awaited.
    public let expectReply: Bool
    /// The check on the reply, if any.
    public let check: ResponseCheck?
    /// How long to wait for the reply, ns.
    public let timeout: UInt64

    init(
        address: SocketAddress,
        payload: [UInt8],
        payloadTemplate: Template? = nil,
        expectReply: Bool,
        check: ResponseCheck?,
        timeout: UInt64
    ) {
        self.address = address
        self.payload = payload
        self.payloadTemplate = payloadTemplate
        self.expectReply = expectReply
        self.check = check
        self.timeout = timeout
    }

    static let fields = ["address", "send", "send_hex", "expect", "expect_reply", "timeout"]

    /// Parses a `udp:` step.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> UDPStep {
        let mapping = try node.mapping(allowedKeys: fields)
        let addressNode = try mapping.required("address")
        let addressText = try addressNode.string()
        let address: SocketAddress
        do {
            address = try SocketAddress.resolve(addressText, type: Int32(SOCK_DGRAM.rawValue))
        } catch {
            throw addressNode.error(error.description)
        }
        let payload = try Payload.parse(mapping)
        guard !payload.isEmpty else { throw node.error("a udp step needs send or send_hex") }
        let timeout = try mapping["timeout"]?.duration() ?? 1_000_000_000
        guard timeout > 0 else { throw mapping["timeout"]!.error("timeout must be longer than zero") }
        return UDPStep(
            address: address,
            payload: payload,
            payloadTemplate: try Payload.template(mapping),
            expectReply: try mapping["expect_reply"]?.bool() ?? true,
            check: try mapping["expect"].map { node throws(ConfigError) in try ResponseCheck.parse(node) },
            timeout: timeout
        )
    }
}
