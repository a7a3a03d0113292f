/// One step of a flow: a protocol's parsed step definition, the name it reports under, and what it extracts
/// from its response into the VU's variables.
public struct Step: Sendable {
    /// The name reported for it.
    public var name: String
    /// The protocol that executes it.
    public var protocolName: String
    /// What the protocol parsed.
    public var definition: any StepDefinition
    /// Values taken from its response after it succeeds, in order.
    public var extractions: [Extraction]

    /// Makes a step.
    public init(name: String, protocolName: String, definition: any StepDefinition, extractions: [Extraction] = []) {
        self.name = name
        self.protocolName = protocolName
        self.definition = definition
        self.extractions = extractions
    }
}
