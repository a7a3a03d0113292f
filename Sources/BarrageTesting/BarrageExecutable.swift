import Foundation

/// The `barrage` executable built by the same `swift build` as the running test bundle (next to it, or one folder
/// up), for tests that run the command end to end. Throws when it was not built (`swift build --build-tests`
/// builds it with the tests).
public func barrageExecutable() throws -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundle, bundle.deletingLastPathComponent()] {
        let url = candidate.appendingPathComponent("barrage")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: bundle.appendingPathComponent("barrage").path])
}
