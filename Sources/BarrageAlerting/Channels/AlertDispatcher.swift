import BarrageMetrics
import Dispatch
import Foundation
import Synchronization

/// Sends alerts to every channel without ever holding up the run: `send` only queues, each channel has its own
/// thread that delivers with retries, back-off, a timeout per attempt and a rate limit, and failures are kept
/// (without secrets) for the summary instead of being thrown.
public final class AlertDispatcher: Sendable {
    private let runners: [ChannelRunner]

    /// A dispatcher for `channels`; each gets a thread.
    public init(channels: [any AlertChannel]) {
        runners = channels.map { ChannelRunner(channel: $0) }
    }

    /// The channels' names.
    public var channelNames: [String] { runners.map(\.channel.name) }

    /// Queues `event` for every channel that wants its kind; returns at once.
    public func send(_ event: AlertEvent) {
        for runner in runners where runner.channel.settings.events.contains(event.kind) { runner.enqueue(event) }
    }

    /// Waits until every queued alert is delivered or given up, or `timeout` nanoseconds pass; stops the threads
    /// and returns every delivery problem (one line each, secrets redacted), alerts abandoned at the deadline
    /// included.
    public func finish(timeout: UInt64) async -> [String] {
        let deadline = MonotonicClock.now() + timeout
        while runners.contains(where: { !$0.isIdle }), MonotonicClock.now() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        for runner in runners { runner.close() }
        return runners.flatMap { $0.problems + $0.abandoned }
    }

    /// The longest `finish` needs for every channel to deliver one alert with all its retries.
    public var longestDelivery: UInt64 { runners.map(\.channel.settings.longestDelivery).max() ?? 0 }

    /// Delivery problems so far (alerts still queued or being sent are not problems yet).
    public var problems: [String] { runners.flatMap(\.problems) }
}
