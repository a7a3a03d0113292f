import Foundation

/// Runs `command` (the program first, found on `PATH` through `/usr/bin/env`) to its end and returns its exit
/// status with its standard output and error, interleaved as it wrote them. For tests that call a tool (python3,
/// kubectl, ip) and check what it printed.
public func commandOutput(_ command: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
