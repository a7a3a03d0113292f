import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// One HTTP response, serialised by hand: the target writes bytes itself so that faults can replace, trickle or cut
/// them, and so that the hot path is a few buffer writes.
struct HTTPTargetResponse {
    var status: HTTPResponseStatus
    var contentType: String?
    var extraHeaders: [(String, String)] = []
    var body: ByteBuffer?

    init(status: HTTPResponseStatus, contentType: String? = nil, body: ByteBuffer? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A response with a JSON body encoded from `value` (sorted keys).
    static func json(_ status: HTTPResponseStatus, _ value: some Encodable) -> HTTPTargetResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return HTTPTargetResponse(status: status, contentType: "application/json", body: ByteBuffer(data: data))
    }

    /// `{"error": message}` with `status`.
    static func error(_ status: HTTPResponseStatus, _ message: String) -> HTTPTargetResponse {
        json(status, ["error": message])
    }

    /// Whether the status forbids a body (1xx, 204, 304).
    private var forbidsBody: Bool {
        status.code < 200 || status.code == 204 || status.code == 304
    }

    /// The response as bytes; `keepAlive` decides the `connection` header, `includeBody` is false for HEAD.
    func serialized(keepAlive: Bool, includeBody: Bool = true) -> ByteBuffer {
        let bodyLength = forbidsBody ? 0 : body?.readableBytes ?? 0
        var buffer = ByteBufferAllocator().buffer(capacity: 128 + bodyLength)
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nserver: barrage-target\r\n")
        if let contentType {
            buffer.writeString("content-type: \(contentType)\r\n")
        }
        for (name, value) in extraHeaders {
            buffer.writeString("\(name): \(value)\r\n")
        }
        if !forbidsBody {
            buffer.writeString("content-length: \(bodyLength)\r\n")
        }
        buffer.writeString(keepAlive ? "\r\n" : "connection: close\r\n\r\n")
        if includeBody, !forbidsBody, let body {
            buffer.writeImmutableBuffer(body)
        }
        return buffer
    }
}
