import Foundation

/// Parsing a message as JSON, for JSON path checks (it allocates: paths are for correctness checks, not for the
/// hot path of a ping-pong).
enum MessageJSON {
    /// The message's JSON value, or nil when it is not JSON.
    static func parse(_ message: UnsafeRawBufferPointer) -> Any? {
        guard let base = message.baseAddress, !message.isEmpty else { return nil }
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: message.count, deallocator: .none)
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }
}
