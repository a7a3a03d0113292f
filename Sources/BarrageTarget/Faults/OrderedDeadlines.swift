import NIOCore

/// Keeps delayed answers on one connection in order: each goes out after its own delay, but never before the
/// answer to an earlier request.
struct OrderedDeadlines {
    private var last = NIODeadline.uptimeNanoseconds(0)

    /// The moment to send the answer to a request that arrived `now` and must wait `delay`.
    mutating func deadline(after delay: TimeAmount, now: NIODeadline) -> NIODeadline {
        let wanted = now + delay
        last = wanted > last ? wanted : last
        return last
    }

    /// Whether an earlier answer is still waiting at `now`.
    func hasPending(at now: NIODeadline) -> Bool { last > now }
}
