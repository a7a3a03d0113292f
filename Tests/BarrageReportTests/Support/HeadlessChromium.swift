import Foundation
import Testing

/// Debian's `chromium` run headless on a file: a screenshot, the DOM after load, and the console messages.
struct HeadlessChromium {
    let executable: String

    /// The installed browser; records a failing issue naming the package when there is none.
    static func require() -> HeadlessChromium? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return HeadlessChromium(executable: candidate)
                }
            }
        }
        Issue.record(
            "chromium is not installed: the HTML report cannot be checked in a browser (apt-get install -y chromium)"
        )
        return nil
    }

    /// What loading a page produced.
    struct Load {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Console messages the page logged (errors, CSP violations, failed loads), one per line.
        var consoleMessages: [String] {
            stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        }
    }

    /// Loads `file` and writes a screenshot of `width`×`height` pixels to `screenshot`.
    func screenshot(_ file: String, to screenshot: String, width: Int, height: Int, profile: String) throws -> Load {
        try run(file, ["--screenshot=\(screenshot)", "--window-size=\(width),\(height)", "--hide-scrollbars"], profile)
    }

    /// Loads `file` and returns its DOM after load in `stdout`.
    func dumpDOM(_ file: String, profile: String) throws -> Load {
        try run(file, ["--dump-dom"], profile)
    }

    private func run(_ file: String, _ arguments: [String], _ profile: String) throws -> Load {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=\(profile)",
            ] + arguments + [URL(fileURLWithPath: file).absoluteString]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read standard error on another thread while reading standard output here, so neither pipe can fill
        // up and block the browser.
        let stderrBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrBox.data = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let stderr = stderrBox.data
        return Load(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
