/// Which part of a load model's VUs and arrivals one worker (or one process) runs: every `stride`-th,
/// starting at `offset`.
///
/// Shares compose: a process's share subdivided among its workers is again a share of the whole, so the
/// union of all workers of all processes is exactly the whole, each VU and arrival exactly once.
public struct Share: Sendable, Equatable, CustomStringConvertible {
    /// The first global index this share takes.
    public var offset: Int
    /// The distance between the indices it takes.
    public var stride: Int

    /// A share taking `offset`, `offset + stride`, ….
    public init(offset: Int, stride: Int) {
        precondition(stride > 0 && offset >= 0 && offset < stride, "a share is offset i of stride N, 0 ≤ i < N")
        self.offset = offset
        self.stride = stride
    }

    /// Everything.
    public static let whole = Share(offset: 0, stride: 1)

    /// Segment `index` of `count` (a process of a distributed run).
    public static func segment(_ index: Int, of count: Int) -> Share { Share(offset: index, stride: count) }

    /// Part `part` of `parts` of this share (a worker of this process).
    public func subdivided(part: Int, of parts: Int) -> Share {
        Share(offset: offset + stride * part, stride: stride * parts)
    }

    /// Whether global index `index` belongs to this share.
    public func contains(_ index: Int) -> Bool { index >= offset && (index - offset) % stride == 0 }

    /// The global indices below `limit` that belong to this share.
    public func indices(below limit: Int) -> StrideTo<Int> { Swift.stride(from: offset, to: limit, by: stride) }

    /// How many global indices below `limit` belong to this share.
    public func count(below limit: Int) -> Int { limit > offset ? (limit - offset + stride - 1) / stride : 0 }

    /// `offset/stride`.
    public var description: String { "\(offset)/\(stride)" }
}
