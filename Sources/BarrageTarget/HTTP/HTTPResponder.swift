import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The HTTP endpoints: turns one complete request into a response (and, for `/delay/{ms}`, a delay).
///
/// A value shared by every connection; the state it touches (items, statistics, faults) is thread-safe.
struct HTTPResponder: Sendable {
    let items: ItemStore
    let tokens: LoginTokens
    let statistics: TargetStatistics
    let board: FaultBoard

    /// The body of `GET /`.
    static let rootBody = "barrage target\n"
    /// The most `/bytes/{n}` serves.
    static let maximumBytes = 64 << 20
    /// The longest `/delay/{ms}`.
    static let maximumDelayMs = 60_000
    /// A random block that `/bytes/{n}` repeats.
    static let randomBlock: ByteBuffer = {
        var generator = SplitMix64(seed: 0xBA22_A6E0)
        return RandomBytes.buffer(count: 64 * 1024, using: &generator)
    }()

    /// One request: head and the whole body.
    struct Request {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var route: HTTPRoute
        var parameter: Substring?
    }

    /// The response to `request`, and how long to wait before sending it (non-zero for `/delay/{ms}` only).
    func respond(to request: Request) -> (HTTPTargetResponse, TimeAmount) {
        let method = request.head.method
        switch request.route {
        case .root:
            guard method == .GET || method == .HEAD else { return (methodNotAllowed("GET"), .zero) }
            return (
                HTTPTargetResponse(status: .ok, contentType: "text/plain", body: ByteBuffer(string: Self.rootBody)),
                .zero
            )
        case .echo:
            return (echo(request), .zero)
        case .status:
            guard let code = request.parameter.flatMap({ Int($0) }), (200...599).contains(code) else {
                return (.error(.badRequest, "status code must be an integer from 200 to 599"), .zero)
            }
            return (.json(HTTPResponseStatus(statusCode: code), ["status": code]), .zero)
        case .delay:
            guard let ms = request.parameter.flatMap({ Int($0) }), (0...Self.maximumDelayMs).contains(ms) else {
                return (
                    .error(.badRequest, "delay must be an integer number of ms from 0 to \(Self.maximumDelayMs)"), .zero
                )
            }
            return (.json(.ok, ["delayed_ms": ms]), .milliseconds(Int64(ms)))
        case .bytes:
            guard let count = request.parameter.flatMap({ Int($0) }), (0...Self.maximumBytes).contains(count) else {
                return (.error(.badRequest, "byte count must be an integer from 0 to \(Self.maximumBytes)"), .zero)
            }
            return (bytes(count), .zero)
        case .login:
            guard method == .POST else { return (methodNotAllowed("POST"), .zero) }
            return (login(request.body), .zero)
        case .me:
            guard method == .GET else { return (methodNotAllowed("GET"), .zero) }
            return (me(request.head.headers), .zero)
        case .items:
            return (itemsCollection(request), .zero)
        case .item:
            return (item(request), .zero)
        case .stats:
            guard method == .GET else { return (methodNotAllowed("GET"), .zero) }
            return (.json(.ok, statistics.snapshot()), .zero)
        case .adminFaults:
            return (adminFaults(request), .zero)
        case .notFound:
            return (.error(.notFound, "no endpoint at \(request.head.uri); see docs/target.md"), .zero)
        }
    }

    private func methodNotAllowed(_ allowed: String) -> HTTPTargetResponse {
        var response = HTTPTargetResponse.error(.methodNotAllowed, "method not allowed; use \(allowed)")
        response.extraHeaders.append(("allow", allowed))
        return response
    }

    /// What `/echo` answers: the request as the server saw it.
    struct EchoReport: Encodable {
        var method: String
        var path: String
        var query: String
        var headers: [String: String]
        var body: String
    }

    private func echo(_ request: Request) -> HTTPTargetResponse {
        let uri = request.head.uri
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        for (name, value) in request.head.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        let body = request.body.map { String(buffer: $0) } ?? ""
        return .json(
            .ok,
            EchoReport(
                method: request.head.method.rawValue,
                path: String(path.first ?? ""),
                query: path.count > 1 ? String(path[1]) : "",
                headers: headers,
                body: body
            )
        )
    }

    private func bytes(_ count: Int) -> HTTPTargetResponse {
        var body = ByteBufferAllocator().buffer(capacity: count)
        var remaining = count
        while remaining > 0 {
            let chunk = min(remaining, Self.randomBlock.readableBytes)
            body.writeImmutableBuffer(
                Self.randomBlock.getSlice(at: Self.randomBlock.readerIndex, length: chunk) ?? ByteBuffer()
            )
            remaining -= chunk
        }
        return HTTPTargetResponse(status: .ok, contentType: "application/octet-stream", body: body)
    }

    private func parseJSON(_ body: ByteBuffer?) -> JSONValue? {
        guard let body, body.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: body)
    }

    private func login(_ body: ByteBuffer?) -> HTTPTargetResponse {
        guard case .object(let fields) = parseJSON(body) else {
            return .error(.badRequest, "body must be a JSON object {\"user\": ..., \"password\": ...}")
        }
        guard case .string(let user) = fields["user"], !user.isEmpty else {
            return .error(.badRequest, "user: must be a non-empty string")
        }
        guard case .string(let password) = fields["password"] else {
            return .error(.badRequest, "password: must be a string")
        }
        guard password == LoginTokens.password else {
            return .error(.unauthorized, "invalid credentials")
        }
        return .json(.ok, ["token": tokens.token(for: user), "user": user])
    }

    private func me(_ headers: HTTPHeaders) -> HTTPTargetResponse {
        let authorization = headers.first(name: "authorization") ?? ""
        let prefix = "bearer "
        guard authorization.lowercased().hasPrefix(prefix),
            let user = tokens.user(for: authorization.dropFirst(prefix.count).drop(while: { $0 == " " }))
        else {
            var response = HTTPTargetResponse.error(
                .unauthorized,
                "needs Authorization: Bearer <token from POST /login>"
            )
            response.extraHeaders.append(("www-authenticate", "Bearer"))
            return response
        }
        return .json(.ok, ["user": user])
    }

    /// What `GET /items` answers.
    struct ItemList: Encodable {
        var items: [ItemStore.Item]
        var total: Int
    }

    private func itemsCollection(_ request: Request) -> HTTPTargetResponse {
        switch request.head.method {
        case .GET:
            var limit = 100
            if let query = request.head.uri.split(separator: "?", maxSplits: 1).dropFirst().first {
                for pair in query.split(separator: "&") where pair.hasPrefix("limit=") {
                    guard let value = Int(pair.dropFirst("limit=".count)), value >= 0 else {
                        return .error(.badRequest, "limit: must be a non-negative integer")
                    }
                    limit = value
                }
            }
            let (items, total) = self.items.list(limit: limit)
            return .json(.ok, ItemList(items: items, total: total))
        case .POST:
            guard let data = parseJSON(request.body) else {
                return .error(.badRequest, "body must be JSON (any value); it is stored as the item's data")
            }
            let item = items.create(data)
            var response = HTTPTargetResponse.json(.created, item)
            response.extraHeaders.append(("location", "/items/\(item.id)"))
            return response
        default:
            return methodNotAllowed("GET, POST")
        }
    }

    private func item(_ request: Request) -> HTTPTargetResponse {
        guard let id = request.parameter.flatMap({ Int($0) }) else {
            return .error(.badRequest, "item id must be an integer")
        }
        let missing = HTTPTargetResponse.error(.notFound, "no item \(id)")
        switch request.head.method {
        case .GET:
            return items.read(id).map { .json(.ok, $0) } ?? missing
        case .PUT:
            guard let data = parseJSON(request.body) else {
                return .error(.badRequest, "body must be JSON (any value); it replaces the item's data")
            }
            return items.update(id, with: data).map { .json(.ok, $0) } ?? missing
        case .DELETE:
            return items.delete(id) ? HTTPTargetResponse(status: .noContent) : missing
        default:
            return methodNotAllowed("GET, PUT, DELETE")
        }
    }

    private func adminFaults(_ request: Request) -> HTTPTargetResponse {
        switch request.head.method {
        case .GET:
            return faultsResponse(board.faults)
        case .POST, .PUT:
            do {
                let faults = try FaultSet(jsonData: request.body.map { Array(buffer: $0) } ?? [])
                board.replace(with: faults)
                return faultsResponse(faults)
            } catch {
                return .error(.badRequest, error.description)
            }
        case .DELETE:
            board.replace(with: FaultSet())
            return faultsResponse(FaultSet())
        default:
            return methodNotAllowed("GET, POST, DELETE")
        }
    }

    private func faultsResponse(_ faults: FaultSet) -> HTTPTargetResponse {
        HTTPTargetResponse(status: .ok, contentType: "application/json", body: ByteBuffer(data: faults.jsonData()))
    }
}
