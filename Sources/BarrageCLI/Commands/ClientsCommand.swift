import ArgumentParser
import BarrageCore
import Foundation

/// `barrage clients`: lists the protocols this build can drive.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "List the registered protocol clients."
    )

    func run() async throws {
        let console = RegistryContext.console
        let registry = RegistryContext.current
        let width = max(8, registry.protocolNames.map(\.count).max() ?? 0)
        let providerWidth = registry.factories.map(\.provider.count).max() ?? 0
        for factory in registry.factories {
            for name in factory.protocolNames {
                let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
                let provider = factory.provider.padding(toLength: providerWidth, withPad: " ", startingAt: 0)
                console.line("\(padded)  \(provider)  \(factory.summary)")
            }
        }
    }
}
