import Synchronization

/// A source of per-VU data (`data:` in a scenario file): rows of a CSV or JSON-lines file, an inline list, or
/// generated values. A scenario that uses it gets one row at the start of every iteration (or once per VU),
/// and its columns become the variables `${feeder.column}`.
///
/// Shared by every worker: the sequential cursor is atomic.
public final class DataFeeder: Sendable {
    /// Which row a draw takes.
    public enum Order: String, Sendable, CaseIterable {
        /// The next row in file order, shared by every VU: each row goes to one iteration, then (recycle) the
        /// file starts again.
        case sequential
        /// A random row each time, with replacement.
        case random
        /// One row per VU for its whole life: VU n gets row n, so no two VUs share a row.
        case unique
    }

    /// What happens when the rows run out (`sequential` and `unique`).
    public enum Exhaustion: String, Sendable, CaseIterable {
        /// Start from the first row again.
        case recycle
        /// No more iterations of the scenario start: its VUs end (`data_exhausted`).
        case stop
    }

    /// Where the values come from.
    public enum Source: Sendable {
        /// Fixed rows, each with one value per column.
        case rows([[String]])
        /// Values made for every draw.
        case generated([DataGenerator])
    }

    /// The feeder's name (the first part of `${name.column}`).
    public let name: String
    /// The column names.
    public let columns: [String]
    /// The variable names its columns set: `name.column`.
    public let variableNames: [String]
    /// Where its values come from.
    public let source: Source
    /// Which row a draw takes.
    public let order: Order
    /// What happens when the rows run out.
    public let exhaustion: Exhaustion
    private let cursor = Atomic<Int>(0)

    /// Makes a feeder.
    public init(name: String, columns: [String], source: Source, order: Order, exhaustion: Exhaustion) {
        self.name = name
        self.columns = columns
        variableNames = columns.map { "\(name).\($0)" }
        self.source = source
        self.order = order
        self.exhaustion = exhaustion
    }

    /// Whether a VU keeps its row for its whole life.
    public var isPerVU: Bool { order == .unique }

    /// The number of fixed rows (nil for generated values).
    public var rowCount: Int? {
        if case .rows(let rows) = source { return rows.count }
        return nil
    }

    /// Writes the next row into `scope` for VU `vu` (0-based); false when the rows ran out and the feeder
    /// stops.
    public func draw(into scope: VariableScope, vu: Int) -> Bool {
        switch source {
        case .generated(let generators):
            for (index, generator) in generators.enumerated() {
                scope[variableNames[index]] = generator.value(using: &scope.random)
            }
            return true
        case .rows(let rows):
            guard !rows.isEmpty else { return false }
            let position: Int
            switch order {
            case .random:
                position = Int.random(in: 0..<rows.count, using: &scope.random)
            case .sequential:
                let taken = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
                if taken >= rows.count, exhaustion == .stop { return false }
                position = taken % rows.count
            case .unique:
                if vu >= rows.count, exhaustion == .stop { return false }
                position = vu % rows.count
            }
            let row = rows[position]
            for index in variableNames.indices {
                scope[variableNames[index]] = index < row.count ? row[index] : ""
            }
            return true
        }
    }
}
