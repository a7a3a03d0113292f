import NIOCore
import Synchronization

/// The faults in force, shared by every handler of a server.
///
/// Writers (the admin endpoint) take a lock; readers check one atomic version number per request and take the lock
/// only when it changed, through a ``FaultView`` each connection keeps. So reading faults costs no lock per request.
public final class FaultBoard: Sendable {
    /// A fault set and the moment it took effect (stall periods count from it).
    public struct Snapshot: Sendable {
        /// The faults.
        public var faults: FaultSet
        /// When they took effect.
        public var since: NIODeadline
    }

    private let current: Mutex<Snapshot>
    private let version = Atomic<UInt64>(0)

    /// Creates a board holding `faults`, in effect from now.
    public init(_ faults: FaultSet = FaultSet()) {
        current = Mutex(Snapshot(faults: Self.withEmptyQueues(faults), since: .now()))
    }

    /// The faults in force.
    public var faults: FaultSet { snapshot().faults }

    /// The faults in force and when they took effect.
    public func snapshot() -> Snapshot {
        current.withLock { $0 }
    }

    /// Replaces the faults; they take effect now.
    public func replace(with faults: FaultSet) {
        let faults = Self.withEmptyQueues(faults)
        current.withLock { $0 = Snapshot(faults: faults, since: .now()) }
        version.add(1, ordering: .releasing)
    }

    /// `faults` with an empty queue for each capacity fault: a change of faults starts with no backlog.
    private static func withEmptyQueues(_ faults: FaultSet) -> FaultSet {
        var fresh = faults
        for listener in TargetListener.allCases {
            fresh[listener].capacity = faults[listener].capacity?.withEmptyQueue()
        }
        return fresh
    }

    /// The version number, bumped by every change.
    var currentVersion: UInt64 { version.load(ordering: .acquiring) }

    /// A cached reader of one listener's faults, for one connection or handler.
    public func view(of listener: TargetListener) -> FaultView {
        FaultView(board: self, listener: listener)
    }
}

/// One handler's cached copy of its listener's faults, refreshed when the board's version changes.
public struct FaultView: Sendable {
    private let board: FaultBoard
    /// The listener whose faults this view reads.
    public let listener: TargetListener
    private var version: UInt64 = .max
    private var cached = ListenerFaults()
    private var since = NIODeadline.now()

    init(board: FaultBoard, listener: TargetListener) {
        self.board = board
        self.listener = listener
    }

    /// The listener's faults now, and when they took effect.
    public mutating func current() -> (faults: ListenerFaults, since: NIODeadline) {
        let latest = board.currentVersion
        if latest != version {
            let snapshot = board.snapshot()
            cached = snapshot.faults[listener]
            since = snapshot.since
            version = latest
        }
        return (cached, since)
    }
}
