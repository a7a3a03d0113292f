import ArgumentParser
import BarrageCore
import Foundation

/// The `barrage` command line as a library: the built-in executable and a third party's custom one (with
/// extra protocols) both call `BarrageCLI.main(registry:)`.
public enum BarrageCLI {
    /// Runs the command line with `registry`'s protocols and exits the process with the command's status.
    public static func main(registry: ClientRegistry) async -> Never {
        let status = await execute(arguments: Array(CommandLine.arguments.dropFirst()), registry: registry)
        exit(status)
    }

    /// Runs one command line in this process and returns its exit status; output goes to `console`.
    public static func execute(
        arguments: [String],
        registry: ClientRegistry,
        console: Console = .standard
    ) async -> Int32 {
        await RegistryContext.$current.withValue(registry) {
            await RegistryContext.$console.withValue(console) {
                await RegistryContext.$arguments.withValue(["barrage"] + arguments) {
                    do {
                        var command = try BarrageCommand.parseAsRoot(arguments)
                        if var asyncCommand = command as? any AsyncParsableCommand {
                            try await asyncCommand.run()
                        } else {
                            try command.run()
                        }
                        return ExitStatus.passed.rawValue
                    } catch let failure as CommandFailure {
                        console.errorLine("error: \(failure.message)")
                        return failure.status.rawValue
                    } catch let exit as CommandExit {
                        return exit.status.rawValue
                    } catch {
                        let code = BarrageCommand.exitCode(for: error)
                        let message = BarrageCommand.fullMessage(for: error)
                        if code == .success {
                            if !message.isEmpty { console.line(message) }
                            return 0
                        }
                        if !message.isEmpty { console.errorLine(message) }
                        // Usage errors are bad input, as configuration errors are.
                        return code == .validationFailure ? ExitStatus.badInput.rawValue : code.rawValue
                    }
                }
            }
        }
    }
}

/// `barrage`: the root command.
struct BarrageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barrage",
        abstract: "Multi-protocol load testing: HTTP, WebSocket, TCP, UDP, PostgreSQL and your own clients.",
        version: BarrageVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ClientsCommand.self, TargetCommand.self, ReportCommand.self,
            MergeCommand.self, CompareCommand.self,
        ]
    )
}
