/// How much load a scenario makes, and when. Two families: closed models (a number of VUs, each looping
/// iterations) and open models (iterations arriving at a rate, whatever the target's speed).
///
/// Every model splits exactly into shares (`Share`): VUs and arrivals are numbered globally and each share
/// takes every `stride`-th of them, so N workers, or N processes, together make exactly the load of one.
public protocol LoadModel: Sendable {
    /// One line for reports, e.g. `constant-users: 50 users for 30s`.
    var summary: String { get }
    /// When the model stops starting iterations, ns after the scenario's start.
    var duration: UInt64 { get }
    /// The model with command-line overrides applied; an override that does not apply is an error.
    func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel
}

/// A closed model: a fixed or ramping number of VUs, each running iterations back to back.
public protocol ClosedLoadModel: LoadModel {
    /// The highest number of VUs ever active; VUs are numbered 0..<users.
    var users: Int { get }
    /// When VU `user` is active, ns after start. It starts iterations only inside these windows.
    func activeWindows(user: Int) -> [ActiveWindow]
    /// How many iterations each VU runs at most (nil: as many as fit in its windows).
    var iterationsPerUser: Int? { get }
}

/// An open model: iterations arrive on a schedule; an arrival with no free VU is dropped, never delayed.
public protocol OpenLoadModel: LoadModel {
    /// The most iterations in flight at once (VUs are made on demand up to this).
    var maxInFlight: Int { get }
    /// The intended start of arrival `index` (0-based, global), ns after start; nil when past the end.
    func arrivalTime(index: Int) -> UInt64?
}

/// A span of time in which a VU is active, ns after the scenario's start.
public struct ActiveWindow: Sendable, Equatable {
    /// First moment the VU may start an iteration.
    public var start: UInt64
    /// After this the VU starts no new iteration.
    public var end: UInt64

    /// Makes a window.
    public init(start: UInt64, end: UInt64) {
        self.start = start
        self.end = end
    }
}

/// Command-line overrides of a scenario's load (`--users`, `--rate`, `--duration`, `--spawn-rate`).
public struct LoadOverrides: Sendable, Equatable {
    /// `--users`.
    public var users: Int?
    /// `--rate`, arrivals per second.
    public var rate: Double?
    /// `--duration`, ns.
    public var duration: UInt64?
    /// `--spawn-rate`, users per second.
    public var spawnRate: Double?

    /// Makes overrides.
    public init(users: Int? = nil, rate: Double? = nil, duration: UInt64? = nil, spawnRate: Double? = nil) {
        self.users = users
        self.rate = rate
        self.duration = duration
        self.spawnRate = spawnRate
    }

    /// Whether nothing is overridden.
    public var isEmpty: Bool { self == LoadOverrides() }

    func reject(_ option: String, for model: String) -> ConfigError {
        ConfigError(location: .commandLine, path: option, message: "\(option) does not apply to a \(model) scenario")
    }
}
