/// Durations of a step's phases (for example DNS, connect, TLS, first byte), in nanoseconds.
///
/// Fixed inline storage so that a sample never allocates. Which slot means which phase is declared by the
/// protocol's step definition (`StepDefinition.phaseNames`); a slot left at zero was not measured.
public struct PhaseTimings: Sendable {
    /// How many phase slots a sample can carry.
    public static let capacity = 6
    private var storage: InlineArray<6, UInt64> = .init(repeating: 0)

    /// No phase measured.
    public init() {}

    /// The duration of phase `index` in nanoseconds, zero when not measured.
    public subscript(index: Int) -> UInt64 {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}
