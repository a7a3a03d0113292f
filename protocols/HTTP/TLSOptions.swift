import BarrageCore

/// How a step verifies the server and presents itself over TLS.
///
/// Verification is on by default; `insecure: true` turns off both the certificate and the host-name check,
/// and must be written out.
public struct TLSOptions: Sendable, Equatable {
    /// Skip certificate and host-name verification.
    public var insecure = false
    /// A PEM file of certificate authorities to trust instead of the system's.
    public var caFile: String?
    /// A PEM client certificate.
    public var certificateFile: String?
    /// The client certificate's PEM private key.
    public var keyFile: String?

    /// No options: verify against the system's authorities.
    public init() {}

    /// Parses `tls: {insecure: false, ca: file, cert: file, key: file}`; relative paths are relative to the
    /// scenario file.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> TLSOptions {
        let mapping = try node.mapping(allowedKeys: ["insecure", "ca", "cert", "key"])
        var options = TLSOptions()
        options.insecure = try mapping["insecure"]?.bool() ?? false
        options.caFile = try mapping["ca"].map { node throws(ConfigError) in try FilePath.resolve(node) }
        options.certificateFile = try mapping["cert"].map { node throws(ConfigError) in try FilePath.resolve(node) }
        options.keyFile = try mapping["key"].map { node throws(ConfigError) in try FilePath.resolve(node) }
        if options.keyFile != nil, options.certificateFile == nil {
            throw node.error("tls.key needs tls.cert (the client certificate it belongs to)")
        }
        return options
    }
}
