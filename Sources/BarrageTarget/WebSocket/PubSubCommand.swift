import Foundation
import NIOCore
import NIOFoundationCompat

/// A client's message on `/pubsub`, one JSON text frame each.
///
/// `{"subscribe":"t"}` → `{"subscribed":"t"}`; `{"unsubscribe":"t"}` → `{"unsubscribed":"t"}`;
/// `{"publish":"t","data":<any JSON>}` → every subscriber of `t` gets `{"topic":"t","data":…}` and the publisher
/// gets `{"published":"t","receivers":N}`. Anything else → `{"error":"…"}`.
enum PubSubCommand: Equatable {
    case subscribe(String)
    case unsubscribe(String)
    case publish(String, JSONValue)

    /// Parses a command; the error string says what is wrong.
    static func parse(_ text: ByteBuffer) -> Result<PubSubCommand, PubSubCommandError> {
        guard case .some(.object(let fields)) = try? JSONDecoder().decode(JSONValue.self, from: text) else {
            return .failure(PubSubCommandError(message: "a message must be a JSON object"))
        }
        if case .string(let topic) = fields["subscribe"] { return checked(topic).map { .subscribe($0) } }
        if case .string(let topic) = fields["unsubscribe"] { return checked(topic).map { .unsubscribe($0) } }
        if case .string(let topic) = fields["publish"] {
            if topic == PubSubHub.tickerTopic {
                return .failure(PubSubCommandError(message: "publish: the ticker topic is published by the server"))
            }
            return checked(topic).map { .publish($0, fields["data"] ?? .null) }
        }
        return .failure(
            PubSubCommandError(
                message: "expected {\"subscribe\":topic}, {\"unsubscribe\":topic} or {\"publish\":topic,\"data\":…}"
            )
        )
    }

    private static func checked(_ topic: String) -> Result<String, PubSubCommandError> {
        topic.isEmpty ? .failure(PubSubCommandError(message: "topic must be a non-empty string")) : .success(topic)
    }
}

/// A `/pubsub` message the server cannot act on; sent back as `{"error": message}`.
struct PubSubCommandError: Error, Equatable {
    var message: String
}
