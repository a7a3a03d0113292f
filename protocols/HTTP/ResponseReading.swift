import BarrageCore
import BarrageMetrics
import CCurl

/// Turns what libcurl measured about a finished transfer into a sample's phases, byte counts and verdict.
enum ResponseReading {
    /// Fills the phases (ns) and byte counts of `sample` from `transfer`'s last request.
    static func fill(_ sample: inout Sample, from transfer: CurlTransfer) {
        // libcurl's `_T` times are µs from the start of the request, cumulative.
        let resolved = transfer.largeInfo(CURLINFO_NAMELOOKUP_TIME_T)
        let connected = transfer.largeInfo(CURLINFO_CONNECT_TIME_T)
        let handshaken = transfer.largeInfo(CURLINFO_APPCONNECT_TIME_T)
        let sent = transfer.largeInfo(CURLINFO_PRETRANSFER_TIME_T)
        let firstByte = transfer.largeInfo(CURLINFO_STARTTRANSFER_TIME_T)
        let total = transfer.largeInfo(CURLINFO_TOTAL_TIME_T)
        sample.phases[0] = nanoseconds(resolved)
        sample.phases[1] = nanoseconds(connected - resolved)
        sample.phases[2] = handshaken > 0 ? nanoseconds(handshaken - connected) : 0
        sample.phases[3] = firstByte > 0 ? nanoseconds(firstByte - sent) : 0
        sample.phases[4] = firstByte > 0 ? nanoseconds(total - firstByte) : 0
        sample.bytesSent = transfer.info(CURLINFO_REQUEST_SIZE)
        sample.bytesReceived = transfer.info(CURLINFO_HEADER_SIZE) + transfer.largeInfo(CURLINFO_SIZE_DOWNLOAD_T)
    }

    private static func nanoseconds(_ microseconds: Int) -> UInt64 {
        microseconds > 0 ? UInt64(microseconds) * 1000 : 0
    }

    /// The error kind of a completed exchange, or nil when the response passes: the status first (against
    /// the step's status check, or below 400), then headers, body, JSON and response time.
    static func verdict(
        status: Int,
        latency: UInt64,
        expectation: borrowing HTTPExpectation,
        transfer: CurlTransfer
    ) -> ErrorKind? {
        let accepted = expectation.status?.accepts(status) ?? (status < 400)
        if !accepted {
            if status >= 500 { return .http5xx }
            if status >= 400 { return .http4xx }
            return .httpStatus
        }
        for (name, match) in expectation.headers where !match.passes(transfer.header(name)) { return .checkFailed }
        if expectation.needsBody, !expectation.bodyPasses(transfer.body) { return .checkFailed }
        if let maxTime = expectation.maxTime, latency > maxTime { return .checkFailed }
        return nil
    }
}
