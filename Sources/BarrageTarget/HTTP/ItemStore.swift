import Synchronization

/// The in-memory store behind `/items`: any JSON value per id, ids counting up from 1.
///
/// Shared by every connection under one mutex; an item request is a map lookup, so the lock is held for
/// nanoseconds.
public final class ItemStore: Sendable {
    /// One stored item.
    public struct Item: Sendable, Codable, Equatable {
        /// Its id.
        public var id: Int
        /// The JSON the client stored.
        public var data: JSONValue
    }

    private struct State {
        var nextID = 1
        var items: [Int: JSONValue] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    /// Stores `data` under a new id.
    public func create(_ data: JSONValue) -> Item {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.items[id] = data
            return Item(id: id, data: data)
        }
    }

    /// The item with `id`, if any.
    public func read(_ id: Int) -> Item? {
        state.withLock { state in state.items[id].map { Item(id: id, data: $0) } }
    }

    /// Up to `limit` items in id order, and how many there are in all.
    public func list(limit: Int) -> (items: [Item], total: Int) {
        state.withLock { state in
            let ids = state.items.keys.sorted().prefix(limit)
            return (ids.compactMap { id in state.items[id].map { Item(id: id, data: $0) } }, state.items.count)
        }
    }

    /// Replaces the item with `id`; nil when there is none.
    public func update(_ id: Int, with data: JSONValue) -> Item? {
        state.withLock { state in
            guard state.items[id] != nil else { return nil }
            state.items[id] = data
            return Item(id: id, data: data)
        }
    }

    /// Deletes the item with `id`; false when there was none.
    public func delete(_ id: Int) -> Bool {
        state.withLock { state in state.items.removeValue(forKey: id) != nil }
    }
}
