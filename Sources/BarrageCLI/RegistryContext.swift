import BarrageCore

/// The client registry the running CLI was started with, bound for the duration of `BarrageCLI.main`.
///
/// A task-local, not a mutable global: a custom executable passes its own registry to `BarrageCLI.main`,
/// and tests bind theirs around `BarrageCLI.execute`.
public enum RegistryContext {
    /// The registry of the current CLI invocation.
    @TaskLocal public static var current = ClientRegistry()
    /// The console of the current CLI invocation.
    @TaskLocal public static var console = Console.standard
    /// The command line of the current CLI invocation, program name first (stored, redacted, in results).
    @TaskLocal public static var arguments = CommandLine.arguments
}
