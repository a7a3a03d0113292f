/// One VU's variables: what `${name}` in a step renders to. Filled from the scenario's `variables`, from
/// feeders at each iteration and from the extractions of earlier steps; it lives as long as its VU.
///
/// `@unchecked Sendable`: a scope belongs to one VU and is read and written only on that VU's worker thread
/// (steps receive it through `StepContext` and must not keep it past `execute`). For the same reason its state is
/// `@exclusivity(unchecked)`: templates read it on every request, and the dynamic check would cost a runtime
/// call per access.
public final class VariableScope: @unchecked Sendable {
    /// The VU's number, 1-based within its scenario (`${vu}`).
    public let vu: Int
    /// The VU's current iteration, 0-based (`${iteration}`).
    @exclusivity(unchecked) public var iteration: Int = 0
    /// The VU's random generator (`${random_int(a,b)}`, `${uuid}`).
    @exclusivity(unchecked) public var random = SplitMix64()
    @exclusivity(unchecked) private var values: [String: String]

    /// A scope for VU `vu` with `initial` values.
    public init(vu: Int, initial: [String: String] = [:]) {
        self.vu = vu
        values = initial
    }

    /// The value of variable `name`, or nil when it was never set.
    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Every variable that is set, for diagnostics.
    public var names: [String] { values.keys.sorted() }
}
