import Synchronization

/// A fixed number of atomic counters, for statistics updated per request from every event loop without a lock.
final class AtomicCounters: @unchecked Sendable {
    // @unchecked: the memory is only ever touched through atomic operations, and freed in deinit.
    private let counters: UnsafeMutablePointer<Atomic<Int>>
    let count: Int

    init(count: Int) {
        self.count = count
        counters = .allocate(capacity: count)
        for index in 0..<count {
            (counters + index).initialize(to: Atomic(0))
        }
    }

    deinit {
        counters.deinitialize(count: count)
        counters.deallocate()
    }

    /// Adds `amount` to counter `index`; returns the new value.
    @discardableResult
    func add(_ amount: Int, at index: Int) -> Int {
        counters[index].add(amount, ordering: .relaxed).newValue
    }

    func load(_ index: Int) -> Int {
        counters[index].load(ordering: .relaxed)
    }
}
