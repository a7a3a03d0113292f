import BarrageMetrics
import Dispatch
import Foundation
import Synchronization

/// One channel's queue and thread.
final class ChannelRunner: Sendable {
    private struct State: Sendable {
        var queue: [AlertEvent] = []
        var busy = false
        var closed = false
        var sentAt: [UInt64] = []
        var rateLimited = 0
        var overflowed = 0
        var problems: [String] = []
    }

    /// Alerts waiting beyond this are dropped (and counted): a dead channel must not hold memory.
    static let queueCapacity = 100

    let channel: any AlertChannel
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(channel: any AlertChannel) {
        self.channel = channel
        let thread = Thread { [self] in self.loop() }
        thread.name = "barrage-alerts"
        thread.start()
    }

    var isIdle: Bool { state.withLock { $0.queue.isEmpty && !$0.busy } }

    var problems: [String] {
        state.withLock { state in
            var problems = state.problems
            let settings = channel.settings
            if state.rateLimited > 0 {
                problems.append(
                    "\(channel.name): \(state.rateLimited) alert(s) not sent: rate limit of \(settings.rateLimit) per "
                        + "\(UInt64(settings.ratePeriod))s"
                )
            }
            if state.overflowed > 0 {
                problems.append("\(channel.name): \(state.overflowed) alert(s) dropped: the channel fell behind")
            }
            return problems
        }
    }

    /// A problem line when alerts were still queued or being sent (at the end of a run).
    var abandoned: [String] {
        state.withLock { state in
            let count = state.queue.count + (state.busy ? 1 : 0)
            return count == 0 ? [] : ["\(channel.name): \(count) alert(s) still unsent when the run ended; abandoned"]
        }
    }

    func enqueue(_ event: AlertEvent) {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            if event.kind != .end {
                let now = MonotonicClock.now()
                let window = UInt64(channel.settings.ratePeriod * 1e9)
                state.sentAt.removeAll { now - $0 >= window }
                guard state.sentAt.count < channel.settings.rateLimit else {
                    state.rateLimited += 1
                    return false
                }
                state.sentAt.append(now)
            }
            guard state.queue.count < Self.queueCapacity else {
                state.overflowed += 1
                return false
            }
            state.queue.append(event)
            return true
        }
        if accepted { wake.signal() }
    }

    func close() {
        state.withLock { $0.closed = true }
        wake.signal()
    }

    private func loop() {
        while true {
            wake.wait()
            let next = state.withLock { state -> (event: AlertEvent?, closed: Bool) in
                guard !state.queue.isEmpty else { return (nil, state.closed) }
                state.busy = true
                return (state.queue.removeFirst(), false)
            }
            guard let event = next.event else {
                if next.closed { return }
                continue
            }
            if let problem = deliver(event) { state.withLock { $0.problems.append(problem) } }
            state.withLock { $0.busy = false }
        }
    }

    /// Delivers with retries; returns the problem when every attempt failed.
    private func deliver(_ event: AlertEvent) -> String? {
        let settings = channel.settings
        var wait = settings.backoff
        var attempts = 0
        while true {
            attempts += 1
            do {
                try channel.deliver(event, timeout: settings.timeout)
                return nil
            } catch {
                let closed = state.withLock { $0.closed }
                guard error.isRetryable, attempts <= settings.retries, !closed else {
                    return "\(channel.name): \(event.kind.rawValue) alert not delivered after \(attempts) attempt(s): "
                        + error.message
                }
                Thread.sleep(forTimeInterval: Double(wait) / 1e9)
                wait *= 2
            }
        }
    }
}
