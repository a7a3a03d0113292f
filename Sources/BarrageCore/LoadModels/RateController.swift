import Synchronization

/// An arrival rate decided while the run goes on: a stress search raises it step by step and drops it to let
/// the target recover. The rate is piecewise constant; every change starts a new piece at the moment it is
/// made, so arrival `j` is due when the integral of the rate reaches `j` (as for `ramping-rate`), and the
/// arrivals already due stay where they were.
///
/// Thread-safe: the search sets the rate from its own task while every worker's dispatcher reads it (one
/// short lock per arrival, off any hot path of a request).
public final class RateController: Sendable {
    private struct Piece {
        /// When the piece starts, ns after the scenario's start.
        var start: UInt64
        /// Arrivals per second in the piece.
        var rate: Double
        /// Arrivals due before the piece starts.
        var before: Double
    }

    private struct State {
        var pieces: [Piece]
        var end: UInt64
    }

    /// The lowest rate the controller runs at, arrivals per second: a dispatcher sleeps until its next arrival,
    /// so a lower rate would leave it deaf to a change for longer than a second.
    public static let minimumRate = 1.0

    private let state: Mutex<State>

    /// A controller that starts at `initialRate` arrivals per second and ends at `maxDuration` ns at the latest.
    public init(initialRate: Double, maxDuration: UInt64) {
        state = Mutex(
            State(
                pieces: [Piece(start: 0, rate: max(Self.minimumRate, initialRate), before: 0)],
                end: maxDuration
            )
        )
    }

    /// The rate now in force, arrivals per second.
    public var rate: Double { state.withLock { $0.pieces[$0.pieces.count - 1].rate } }

    /// Runs at `rate` arrivals per second from `time` (ns after the scenario's start; never before the last
    /// change).
    public func setRate(_ rate: Double, at time: UInt64) {
        state.withLock { state in
            let last = state.pieces[state.pieces.count - 1]
            let start = max(time, last.start)
            let before = last.before + Double(start - last.start) / 1e9 * last.rate
            state.pieces.append(Piece(start: start, rate: max(Self.minimumRate, rate), before: before))
        }
    }

    /// Starts no arrival after `time` (ns after the scenario's start).
    public func finish(at time: UInt64) {
        state.withLock { $0.end = min($0.end, time) }
    }

    /// When the arrival numbered `count` (counting all arrivals, times `fraction` for a scenario that takes
    /// that share of them) is due, ns after the start; nil when past the end.
    func time(ofArrival count: Double) -> UInt64? {
        state.withLock { state in
            var index = state.pieces.count - 1
            while index > 0, state.pieces[index].before > count { index -= 1 }
            let piece = state.pieces[index]
            let time = piece.start + UInt64(((count - piece.before) / piece.rate * 1e9).rounded())
            return time < state.end ? time : nil
        }
    }
}

/// An open model whose rate a `RateController` sets during the run (the stress search's load). A plan may give
/// several scenarios the same controller, each taking a `fraction` of its arrivals.
public struct ControlledRateModel: OpenLoadModel {
    /// Where the rate comes from.
    public let controller: RateController
    /// This scenario's share of the controller's arrivals (0...1).
    public var fraction: Double
    /// The most iterations in flight at once.
    public var maxInFlight: Int
    /// The longest the load may last, ns.
    public var maxDuration: UInt64

    /// Makes the model.
    public init(controller: RateController, fraction: Double = 1, maxInFlight: Int, maxDuration: UInt64) {
        self.controller = controller
        self.fraction = fraction
        self.maxInFlight = maxInFlight
        self.maxDuration = maxDuration
    }

    public var duration: UInt64 { maxDuration }

    public func arrivalTime(index: Int) -> UInt64? {
        guard fraction > 0 else { return nil }
        return controller.time(ofArrival: Double(index) / fraction)
    }

    public var summary: String {
        let share = fraction < 1 ? "\((fraction * 100).formatted(maxFractionDigits: 1))% of " : ""
        return "controlled-rate: \(share)a rate the stress search sets, at most \(DurationText.format(maxDuration)), "
            + "max \(maxInFlight) in flight"
    }

    public func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel {
        if !overrides.isEmpty {
            throw ConfigError(
                location: .commandLine,
                path: "--rate/--users/--duration",
                message: "the stress search sets the rate itself; change the stress section instead"
            )
        }
        return self
    }
}

extension Double {
    func formatted(maxFractionDigits digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return ((self * scale).rounded() / scale).formatted
    }
}
