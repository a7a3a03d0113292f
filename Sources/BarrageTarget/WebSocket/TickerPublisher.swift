import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's own topic: `tickRate` messages a second on `ticker`, each carrying its send time.
///
/// Message: `{"topic":"ticker","seq":N,"sent_ns":T}` where `T` is CLOCK_REALTIME in nanoseconds when the server
/// built it, so a client on the same machine can measure delivery latency (including any stall fault).
final class TickerPublisher: Sendable {
    private let hub: PubSubHub
    private let hubLoop: any EventLoop
    private let task: RepeatedTask?

    /// Starts ticking on `eventLoop`; a rate of 0 never ticks.
    init(hub: PubSubHub, ticksPerSecond: Double, eventLoop: any EventLoop) {
        self.hub = hub
        self.hubLoop = eventLoop
        guard ticksPerSecond > 0 else {
            task = nil
            return
        }
        let interval = TimeAmount.nanoseconds(Int64(1_000_000_000 / ticksPerSecond))
        let sequence = AtomicCounters(count: 1)
        task = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let next = sequence.add(1, at: 0)
            if hub.subscriberCount(PubSubHub.tickerTopic) > 0 {
                hub.deliver(Self.message(sequence: UInt64(next)), to: PubSubHub.tickerTopic)
            }
        }
    }

    /// A tick message stamped now.
    static func message(sequence: UInt64) -> ByteBuffer {
        ByteBuffer(string: "{\"topic\":\"ticker\",\"seq\":\(sequence),\"sent_ns\":\(realtimeNanoseconds())}")
    }

    /// CLOCK_REALTIME in nanoseconds since the epoch.
    static func realtimeNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Stops ticking.
    func stop() -> EventLoopFuture<Void>? {
        guard let task else { return nil }
        let promise = hubLoop.makePromise(of: Void.self)
        task.cancel(promise: promise)
        return promise.futureResult
    }
}
