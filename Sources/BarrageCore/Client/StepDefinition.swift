/// One parsed step of a protocol: what a `Client` executes. Made once at load time by the protocol's
/// `ClientFactory` and shared by every VU, so it must be an immutable value.
public protocol StepDefinition: Sendable {
    /// Names of the phase slots this step's samples fill (e.g. `["connect"]`), in slot order; at most
    /// `PhaseTimings.capacity`. Reports show a histogram per phase.
    var phaseNames: [String] { get }
}

extension StepDefinition {
    /// No phases by default.
    public var phaseNames: [String] { [] }
}
