import NIOCore

/// What to do with one answer under the faults in force: when to send it, and whether to send it at all.
public struct FaultPlan: Sendable, Equatable {
    /// How the answer goes out.
    public enum Action: Sendable, Equatable {
        /// Answer normally.
        case answer
        /// Fail as the error fault says.
        case fail(ErrorFault.Mode)
        /// Reset the connection (SO_LINGER 0, close), or drop the datagram on UDP.
        case reset
        /// Answer with this many random bytes.
        case garbage(Int)
    }

    /// How long to wait first: the rest of a stall plus added latency.
    public var delay: TimeAmount
    /// What to do then.
    public var action: Action

    /// Answer now, normally.
    public static let none = FaultPlan(delay: .zero, action: .answer)

    /// Draws the plan for an answer to a request that arrived `now`.
    public static func draw(
        _ faults: ListenerFaults,
        since: NIODeadline,
        now: NIODeadline,
        using generator: inout SplitMix64
    ) -> FaultPlan {
        if faults.isEmpty { return .none }
        var delay: Int64 = 0
        if let stall = faults.stall {
            delay += stall.remainingNanoseconds(afterElapsed: (now - since).nanoseconds)
        }
        if let capacity = faults.capacity {
            guard let wait = capacity.admit(now: Int64(truncatingIfNeeded: now.uptimeNanoseconds)) else {
                return FaultPlan(delay: .nanoseconds(delay), action: .fail(capacity.refusal))
            }
            delay += wait
        }
        if let latency = faults.latency {
            delay += latency.sampleNanoseconds(afterElapsed: (now - since).nanoseconds, using: &generator)
        }
        var action = Action.answer
        if let error = faults.error, generator.chance(error.rate) {
            action = .fail(error.mode)
        } else if let reset = faults.reset, generator.chance(reset.probability) {
            action = .reset
        } else if let garbage = faults.garbage, generator.chance(garbage.probability) {
            action = .garbage(garbage.bytes ?? 64)
        }
        return FaultPlan(delay: .nanoseconds(delay), action: action)
    }
}
