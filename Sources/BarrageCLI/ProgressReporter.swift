import BarrageCore
import BarrageMetrics
import Foundation

/// Live progress: on a terminal one line redrawn every second (elapsed/total bar, rate, p95, errors, VUs);
/// otherwise a plain log line every five seconds.
final class ProgressReporter: Sendable {
    private let task: Task<Void, Never>?
    private let console: Console

    init(run: LoadRun, console: Console, enabled: Bool) {
        self.console = console
        guard enabled else {
            task = nil
            return
        }
        let interval: UInt64 = console.isTerminal ? 1_000_000_000 : 5_000_000_000
        let total = Double(run.plan.duration) / 1e9
        task = Task {
            var lastInterval = -1
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: interval)
                if Task.isCancelled { break }
                let live = run.collector.live
                guard live.interval != lastInterval else { continue }
                lastInterval = live.interval
                let line = ProgressReporter.format(
                    live: live,
                    elapsed: run.elapsedSeconds,
                    total: total,
                    stopping: run.isStopping
                )
                if console.isTerminal {
                    console.out("\r\u{1B}[2K" + line)
                } else {
                    console.line(line)
                }
            }
        }
    }

    /// Stops reporting and ends the progress line.
    func finish() async {
        task?.cancel()
        await task?.value
        if task != nil, console.isTerminal { console.out("\n") }
    }

    static func format(live: LiveView, elapsed: Double, total: Double, stopping: Bool) -> String {
        let width = 20
        let fraction = total > 0 ? min(1, elapsed / total) : 0
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let errorRate = live.totalSamples == 0 ? 0 : Double(live.totalFailures) / Double(live.totalSamples) * 100
        var line = "[\(Int(elapsed))s/\(Int(total.rounded(.up)))s \(bar)] "
        line += "\(NumberText.grouped(Double(live.intervalSamples)))/s  "
        line += "p95 \(NumberText.milliseconds(live.intervalP95Ms))  "
        line += "errors \(NumberText.grouped(Double(live.totalFailures))) (\(NumberText.fixed(errorRate, 2))%)  "
        line += "VUs \(live.activeVUs)"
        if live.totalDropped > 0 { line += "  dropped \(NumberText.grouped(Double(live.totalDropped)))" }
        if stopping { line += "  stopping…" }
        return line
    }
}
