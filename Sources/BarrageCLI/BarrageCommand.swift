import ArgumentParser

/// The `barrage` root command; lists the subcommands.
///
/// Minimal root for the `target` branch; the engine branch replaces it with the full command set.
public struct BarrageCommand: AsyncParsableCommand {
    /// The command's name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "barrage",
        abstract: "Multi-protocol load testing.",
        subcommands: [TargetCommand.self]
    )

    /// Creates the root command; argument parsing fills it in.
    public init() {}
}

extension BarrageCommand {
    /// Parses the process arguments and runs the chosen command (for `main.swift`, which does not import
    /// ArgumentParser).
    public static func runFromCommandLine() async {
        await main()
    }
}
