import Foundation
import NIOCore
import NIOFoundationCompat
import Synchronization

/// The topics of `/pubsub`: who is subscribed to what, and fan-out of published messages.
///
/// Subscribe and publish take one mutex; delivery happens outside it, each subscriber writing on its own event loop.
public final class PubSubHub: Sendable {
    /// The topic the server itself publishes on at `--tick-rate`.
    public static let tickerTopic = "ticker"

    /// One subscribed connection: an id and how to hand it a message (on its own event loop).
    struct Subscriber: Sendable {
        let id: UInt64
        let deliver: @Sendable (ByteBuffer) -> Void
    }

    private let topics = Mutex<[String: [UInt64: Subscriber]]>([:])
    private let nextID = Atomic<UInt64>(1)

    /// Creates a hub with no topics.
    public init() {}

    /// A new subscriber id.
    func makeSubscriberID() -> UInt64 {
        nextID.add(1, ordering: .relaxed).oldValue
    }

    func subscribe(_ subscriber: Subscriber, to topic: String) {
        topics.withLock { $0[topic, default: [:]][subscriber.id] = subscriber }
    }

    func unsubscribe(_ id: UInt64, from topic: String) {
        topics.withLock { topics in
            topics[topic]?.removeValue(forKey: id)
            if topics[topic]?.isEmpty == true { topics.removeValue(forKey: topic) }
        }
    }

    /// How many connections are subscribed to `topic`.
    public func subscriberCount(_ topic: String) -> Int {
        topics.withLock { $0[topic]?.count ?? 0 }
    }

    /// Sends `message` (already a complete JSON text) to every subscriber of `topic`; returns how many.
    @discardableResult
    func deliver(_ message: ByteBuffer, to topic: String) -> Int {
        let receivers = topics.withLock { $0[topic].map { Array($0.values) } ?? [] }
        for receiver in receivers {
            receiver.deliver(message)
        }
        return receivers.count
    }

    /// What a subscriber receives for a client's publish.
    struct Publication: Encodable {
        var topic: String
        var data: JSONValue
    }

    /// Publishes `data` on `topic` as `{"topic": …, "data": …}`; returns how many subscribers got it.
    @discardableResult
    func publish(_ data: JSONValue, to topic: String) -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(Publication(topic: topic, data: data))) ?? Data("{}".utf8)
        return deliver(ByteBuffer(data: bytes), to: topic)
    }
}
