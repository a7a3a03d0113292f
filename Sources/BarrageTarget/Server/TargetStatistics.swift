import Foundation
import NIOCore

/// The counters `GET /stats` reports: requests per HTTP route, connections and messages per listener, and faults
/// injected per listener. Updated by every event loop with relaxed atomics; no lock per request.
public final class TargetStatistics: Sendable {
    private enum ListenerCounter: Int, CaseIterable {
        case open, accepted, rejected, messages, faults
    }

    private let routeCounters = AtomicCounters(count: HTTPRoute.allCases.count)
    private let listenerCounters = AtomicCounters(
        count: TargetListener.allCases.count * ListenerCounter.allCases.count
    )
    private let started = NIODeadline.now()
    private static let routeIndex: [HTTPRoute: Int] = Dictionary(
        uniqueKeysWithValues: HTTPRoute.allCases.enumerated().map { ($0.element, $0.offset) }
    )

    /// Creates zeroed counters.
    public init() {}

    private func slot(_ listener: TargetListener, _ counter: ListenerCounter) -> Int {
        let listenerIndex = TargetListener.allCases.firstIndex(of: listener) ?? 0
        return listenerIndex * ListenerCounter.allCases.count + counter.rawValue
    }

    /// Counts one HTTP request to `route`.
    func countRequest(_ route: HTTPRoute) {
        routeCounters.add(1, at: Self.routeIndex[route] ?? 0)
    }

    /// Counts an accepted connection; returns how many are open now, this one included.
    func connectionOpened(_ listener: TargetListener) -> Int {
        listenerCounters.add(1, at: slot(listener, .accepted))
        return listenerCounters.add(1, at: slot(listener, .open))
    }

    /// Counts a closed connection.
    func connectionClosed(_ listener: TargetListener) {
        listenerCounters.add(-1, at: slot(listener, .open))
    }

    /// Counts a connection closed on accept by `refuse` or `max_connections`.
    func connectionRejected(_ listener: TargetListener) {
        listenerCounters.add(1, at: slot(listener, .rejected))
    }

    /// Counts one request, WebSocket message, line or datagram received.
    func countMessage(_ listener: TargetListener) {
        listenerCounters.add(1, at: slot(listener, .messages))
    }

    /// Counts one answer replaced by a fault (error, reset or garbage).
    func countFault(_ listener: TargetListener) {
        listenerCounters.add(1, at: slot(listener, .faults))
    }

    /// Connections of `listener` open now.
    public func openConnections(_ listener: TargetListener) -> Int {
        listenerCounters.load(slot(listener, .open))
    }

    /// The counters as a value.
    public func snapshot() -> Snapshot {
        var requests: [String: Int] = [:]
        for route in HTTPRoute.allCases {
            requests[route.rawValue] = routeCounters.load(route.index)
        }
        var listeners: [String: Snapshot.Listener] = [:]
        for listener in TargetListener.allCases {
            listeners[listener.rawValue] = Snapshot.Listener(
                openConnections: listenerCounters.load(slot(listener, .open)),
                acceptedConnections: listenerCounters.load(slot(listener, .accepted)),
                rejectedConnections: listenerCounters.load(slot(listener, .rejected)),
                messages: listenerCounters.load(slot(listener, .messages)),
                faultsInjected: listenerCounters.load(slot(listener, .faults))
            )
        }
        return Snapshot(
            uptimeMs: (NIODeadline.now() - started).nanoseconds / 1_000_000,
            requests: requests,
            listeners: listeners
        )
    }

    /// What `GET /stats` returns.
    public struct Snapshot: Sendable, Codable, Equatable {
        /// Counters of one listener.
        public struct Listener: Sendable, Codable, Equatable {
            /// Connections open now (always 0 for UDP).
            public var openConnections: Int
            /// Connections accepted since start, including rejected ones.
            public var acceptedConnections: Int
            /// Connections closed on accept by `refuse` or `max_connections`.
            public var rejectedConnections: Int
            /// HTTP requests, WebSocket messages, TCP lines or UDP datagrams received.
            public var messages: Int
            /// Answers replaced by an error, reset or garbage fault.
            public var faultsInjected: Int

            enum CodingKeys: String, CodingKey {
                case openConnections = "open_connections"
                case acceptedConnections = "accepted_connections"
                case rejectedConnections = "rejected_connections"
                case messages
                case faultsInjected = "faults_injected"
            }
        }

        /// Milliseconds since the server started.
        public var uptimeMs: Int64
        /// HTTP requests per route pattern (`/items/{id}`), every route present.
        public var requests: [String: Int]
        /// Counters per listener (`http`, `ws`, `tcp`, `udp`).
        public var listeners: [String: Listener]

        enum CodingKeys: String, CodingKey {
            case uptimeMs = "uptime_ms"
            case requests
            case listeners
        }
    }
}
