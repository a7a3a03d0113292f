import BarrageCore
import BarrageMetrics
import Foundation

/// A VU's UDP session: one connected datagram socket per address, so ICMP "port unreachable" comes back as
/// `connect_refused` and replies from other peers are filtered by the kernel.
final class UDPClient: Client {
    /// One connected UDP socket.
    final class Endpoint {
        let address: SocketAddress
        let fd: Int32
        let watcher: SocketWatcher
        let buffer: UnsafeMutableRawBufferPointer
        /// A reply came too late once: drain stale datagrams before the next request.
        var mayHoldStaleReplies = false

        init(address: SocketAddress, fd: Int32, worker: Worker) {
            self.address = address
            self.fd = fd
            watcher = SocketWatcher(fd: fd, worker: worker)
            buffer = .allocate(byteCount: 65_536, alignment: 16)
        }

        func close() {
            watcher.close()
            Foundation.close(fd)
            buffer.deallocate()
        }
    }

    private let worker: Worker
    private var endpoints: [Endpoint] = []
    /// The last datagram received, kept when a step extracts from it.
    private var lastReply: String?

    init(worker: Worker) {
        self.worker = worker
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        let step = definition as! UDPStep
        let start = MonotonicClock.now()
        let deadline = start + step.timeout
        var sample = Sample(start: start)
        func fail(_ error: ErrorKind) -> Sample {
            sample.error = error
            sample.end = MonotonicClock.now()
            return sample
        }

        let endpoint: Endpoint
        if let existing = endpoints.first(where: { $0.address == step.address }) {
            endpoint = existing
        } else {
            let fd = socket(
                step.address.family,
                Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                0
            )
            guard fd >= 0 else { return fail(ErrorKind.forSocketErrno(errno)) }
            guard step.address.withSockAddr({ Foundation.connect(fd, $0, $1) }) == 0 else {
                let error = ErrorKind.forSocketErrno(errno, connecting: true)
                Foundation.close(fd)
                return fail(error)
            }
            endpoint = Endpoint(address: step.address, fd: fd, worker: worker)
            endpoints.append(endpoint)
        }

        if endpoint.mayHoldStaleReplies {
            while recv(endpoint.fd, endpoint.buffer.baseAddress!, endpoint.buffer.count, Int32(MSG_DONTWAIT)) >= 0 {}
            endpoint.mayHoldStaleReplies = false
        }
        let payload = step.payloadTemplate.map { Array($0.render(context.variables).utf8) } ?? step.payload
        let sent = payload.withUnsafeBytes { Foundation.send(endpoint.fd, $0.baseAddress!, $0.count, 0) }
        lastReply = nil
        guard sent >= 0 else { return fail(ErrorKind.forSocketErrno(errno)) }
        sample.bytesSent = sent
        guard step.expectReply else {
            sample.end = MonotonicClock.now()
            return sample
        }
        while true {
            switch await endpoint.watcher.waitReadable(until: deadline) {
            case .ready: break
            case .timedOut:
                endpoint.mayHoldStaleReplies = true
                return fail(.datagramLost)
            case .cancelled: return fail(.interrupted)
            case .failed(let status): return fail(ErrorKind.forSocketErrno(-status))
            }
            let count = recv(endpoint.fd, endpoint.buffer.baseAddress!, endpoint.buffer.count, 0)
            if count >= 0 {
                sample.end = MonotonicClock.now()
                sample.bytesReceived = count
                let reply = UnsafeRawBufferPointer(rebasing: endpoint.buffer[0..<count])
                if context.keepsResponse { lastReply = ReplyText.text(of: reply, delimiter: []) }
                if let check = step.check, !check.passes(reply, delimiter: []) { sample.error = .checkFailed }
                return sample
            }
            if errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR { return fail(ErrorKind.forSocketErrno(errno)) }
        }
    }

    /// The last datagram received, when the step asked to keep it.
    func responseText(_ field: ResponseField) -> String? {
        field == .body ? lastReply : nil
    }

    func close() async {
        for endpoint in endpoints { endpoint.close() }
        endpoints.removeAll()
    }
}
