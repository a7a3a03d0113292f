import ArgumentParser
import BarrageTarget
import Dispatch
import Foundation

/// `barrage target`: runs the embedded target server until SIGINT or SIGTERM.
///
/// Prints the bound ports as one JSON line on stdout, so scripts can start it with port 0 and read where it is.
/// Logic lives in `BarrageTarget`; this only parses and delegates.
public struct TargetCommand: AsyncParsableCommand {
    /// The command's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Run the embedded target server (HTTP, WebSocket, TCP, UDP) with fault modes.",
        discussion: """
            Prints {"host":…,"http":…,"ws":…,"tcp":…,"udp":…} on one line once listening; port 0 picks a free port.
            Faults: --fault LISTENER.MODE[=VALUE], repeatable, e.g. http.latency=20, http.latency=uniform:10-50,
            ws.latency=normal:20,5, http.error=0.1:close, tcp.stall=300/1000, http.slow=16/10, tcp.reset=0.05,
            udp.garbage=0.1:32, http.refuse, tcp.max-connections=100, http.capacity=400; or --faults '<JSON of POST /admin/faults>'.
            See docs/target.md.
            """
    )

    /// The address to listen on.
    @Option(help: "Address to listen on; loopback only unless --allow-non-loopback.")
    public var host = TargetConfiguration.defaultPorts.host

    /// The HTTP port.
    @Option(help: "HTTP port (0 picks a free one).")
    public var http = TargetConfiguration.defaultPorts.http

    /// The WebSocket port.
    @Option(help: "WebSocket port (0 picks a free one).")
    public var ws = TargetConfiguration.defaultPorts.ws

    /// The TCP line-echo port.
    @Option(help: "TCP line-echo port (0 picks a free one).")
    public var tcp = TargetConfiguration.defaultPorts.tcp

    /// The UDP echo port.
    @Option(help: "UDP echo port (0 picks a free one).")
    public var udp = TargetConfiguration.defaultPorts.udp

    /// Event loop threads.
    @Option(help: "Event loop threads (default: one per core; use 1 when pinned to one core).")
    public var threads = TargetConfiguration.defaultThreadCount

    /// Ticker messages per second.
    @Option(name: .customLong("tick-rate"), help: "Messages per second on the pub/sub 'ticker' topic (0: off).")
    public var tickRate = 10.0

    /// Whether a non-loopback host may be bound.
    @Flag(name: .customLong("allow-non-loopback"), help: "Allow binding a host that is not loopback.")
    public var allowNonLoopback = false

    /// Faults in the flag form.
    @Option(name: .customLong("fault"), help: "A fault, LISTENER.MODE[=VALUE]; repeatable.")
    public var faultFlags: [String] = []

    /// Faults as JSON.
    @Option(name: .customLong("faults"), help: "Faults as the JSON of POST /admin/faults (applied before --fault).")
    public var faultsJSON: String?

    /// Creates the command; argument parsing fills it in.
    public init() {}

    /// The server configuration these options describe.
    public func makeConfiguration() throws(TargetError) -> TargetConfiguration {
        var faults = FaultSet()
        do {
            if let faultsJSON { faults = try FaultSet(jsonData: Array(faultsJSON.utf8)) }
            for flag in faultFlags { try FaultFlag.apply(flag, to: &faults) }
        } catch {
            throw .invalidFaults(error)
        }
        return TargetConfiguration(
            host: host,
            httpPort: http,
            wsPort: ws,
            tcpPort: tcp,
            udpPort: udp,
            threads: threads,
            tickRate: tickRate,
            allowNonLoopback: allowNonLoopback,
            faults: faults
        )
    }

    /// Starts the server, prints its ports, and stops it on SIGINT or SIGTERM.
    public func run() async throws {
        let server: TargetServer
        do {
            server = try await TargetServer.start(makeConfiguration())
        } catch {
            FileHandle.standardError.write(Data("barrage target: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        FileHandle.standardOutput.write(Data((server.ports.jsonLine + "\n").utf8))
        let received = await signals.next()
        FileHandle.standardError.write(Data("barrage target: signal \(received), stopping\n".utf8))
        try await server.stop()
    }
}

/// Waits for one of a few signals without the default handler killing the process.
private final class SignalWaiter {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func next() async -> Int32 {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next() ?? 0
    }
}
