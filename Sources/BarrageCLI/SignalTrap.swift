import BarrageCore
import Dispatch
import Foundation

/// SIGINT and SIGTERM during a run: the first asks for a graceful stop (in-flight iterations get their
/// graceful stop, the result is written), a second one aborts the waits at once.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(run: LoadRun, console: Console) {
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            // A handler that does nothing, not SIG_IGN: an ignored signal stays ignored in every process the run
            // starts (exec keeps SIG_IGN), and their SIGTERM would then do nothing.
            signal(signalNumber) { _ in }
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if run.requestStop() {
                    console.errorLine(
                        "\nstopping: in-flight iterations get their graceful stop; press Ctrl-C again to abort"
                    )
                } else {
                    console.errorLine("aborting")
                    run.abort()
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Restores the default handling.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
