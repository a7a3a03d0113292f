import BarrageCore
import BarrageMetrics
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A connected pair of local stream sockets, closed by `close()`.
private struct SocketPair: Sendable {
    let watched: Int32
    let peer: Int32

    init() {
        var fds: [Int32] = [0, 0]
        let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        precondition(made == 0, "socketpair failed")
        watched = fds[0]
        peer = fds[1]
    }

    func sendByte() { _ = withUnsafeBytes(of: UInt8(1)) { send(peer, $0.baseAddress, 1, 0) } }

    func drain() {
        var byte: UInt8 = 0
        while recv(watched, &byte, 1, 0) > 0 {}
    }

    func close() {
        _ = Glibc.close(watched)
        _ = Glibc.close(peer)
    }
}

/// Runs `body` on a started worker's thread with a watcher on one end of a fresh socket pair; tears all down after.
private func onWatcher<Value: Sendable>(
    _ body: @escaping @Sendable (SocketWatcher, SocketPair) async -> Value
) async -> Value {
    let worker = Worker(index: 0)
    worker.start()
    defer { worker.shutdown() }
    let pair = SocketPair()
    defer { pair.close() }
    return await Task(executorPreference: worker) {
        let watcher = SocketWatcher(fd: pair.watched, worker: worker)
        defer { watcher.close() }
        return await body(watcher, pair)
    }.value
}

/// The deadline timer of `SocketWatcher` is lazy (it stays armed across waits that end early); these pin that
/// every wait still times out at its own deadline, neither earlier nor much later.
@Suite(.timeLimit(.minutes(1)))
struct SocketWatcherTests {
    @Test func aWaitWithNothingToReadTimesOutAtItsDeadline() async {
        let (outcome, elapsed) = await onWatcher { watcher, _ in
            let start = MonotonicClock.now()
            let outcome = await watcher.waitReadable(timeoutNanoseconds: 40_000_000)
            return (outcome, MonotonicClock.now() - start)
        }
        #expect(outcome == .timedOut)
        #expect(elapsed >= 35_000_000 && elapsed < 1_000_000_000)
    }

    @Test func aShorterDeadlineAfterALongerOneIsKept() async {
        let (first, second, elapsed) = await onWatcher { watcher, pair in
            // A long wait that ends early leaves the timer armed 60 s ahead...
            pair.sendByte()
            let first = await watcher.waitReadable(timeoutNanoseconds: 60_000_000_000)
            pair.drain()
            // ...and a short wait after it must still end at its own deadline.
            let start = MonotonicClock.now()
            let second = await watcher.waitReadable(timeoutNanoseconds: 30_000_000)
            return (first, second, MonotonicClock.now() - start)
        }
        #expect(first == .ready)
        #expect(second == .timedOut)
        #expect(elapsed >= 25_000_000 && elapsed < 1_000_000_000)
    }

    @Test func aLongerDeadlineAfterAShorterOneDoesNotEndEarly() async {
        let (outcomes, elapsed) = await onWatcher { watcher, pair in
            // A short wait that ends early leaves the timer armed 20 ms ahead; the next wait, 200 ms long, sees
            // that timer fire first and must go on waiting for the rest of its own time.
            pair.sendByte()
            let first = await watcher.waitReadable(timeoutNanoseconds: 20_000_000)
            pair.drain()
            let start = MonotonicClock.now()
            let second = await watcher.waitReadable(timeoutNanoseconds: 200_000_000)
            return ([first, second], MonotonicClock.now() - start)
        }
        #expect(outcomes == [.ready, .timedOut])
        #expect(elapsed >= 195_000_000 && elapsed < 2_000_000_000)
    }

    @Test func dataArrivingBeforeTheDeadlineEndsTheWaitAsReady() async {
        let outcomes = await onWatcher { watcher, pair in
            var outcomes: [WaitOutcome] = []
            for _ in 0..<100 {
                pair.sendByte()
                outcomes.append(await watcher.waitReadable(timeoutNanoseconds: 5_000_000_000))
                pair.drain()
            }
            return outcomes
        }
        #expect(outcomes == Array(repeating: .ready, count: 100))
    }
}
