import BarrageCore
import BarrageMetrics
import CCurl

/// A VU's HTTP session: one configured libcurl handle per step, reused for every request, and one libcurl
/// share handle holding the VU's cookies and (for `per_vu` steps) its connections.
///
/// `final class`: owns libcurl handles; made, used and closed on its VU's worker thread.
final class HTTPClient: Client {
    private let worker: Worker
    private let multi: CurlMulti
    /// The VU's `CURLSH`: cookies and connections, made on the first request.
    private var share: UnsafeMutableRawPointer?
    /// Handles by step index.
    private var transfers: [CurlTransfer?] = []
    /// The handle of the last step executed, for `responseText`.
    private var last: CurlTransfer?

    init(worker: Worker) {
        self.worker = worker
        multi = CurlMulti.of(worker)
    }

    func execute(_ definition: any StepDefinition, context: StepContext) async -> Sample {
        var sample = Sample(start: MonotonicClock.now())
        // The step is cast (and its many fields copied) only when the VU first meets it.
        let index = context.stepIndex
        let known = index < transfers.count ? transfers[index] : nil
        guard let transfer = known ?? makeTransfer(for: definition as! HTTPStep, index: index, context: context),
            transfer.render(context.variables)
        else {
            sample.error = .clientError
            sample.end = MonotonicClock.now()
            return sample
        }
        transfer.keepsBody = transfer.expectation.needsBody || context.keepsResponse
        last = transfer
        let outcome = await transfer.perform()
        sample.end = transfer.finishedAt > sample.start ? transfer.finishedAt : MonotonicClock.now()
        switch outcome {
        case .interrupted:
            sample.error = .interrupted
            return sample
        case .notStarted:
            sample.error = .clientError
            return sample
        case .finished(let code):
            ResponseReading.fill(&sample, from: transfer)
            let status = transfer.info(CURLINFO_RESPONSE_CODE)
            sample.status = UInt16(clamping: status)
            if code != CURLE_OK {
                sample.error = CurlErrorMapping.kind(
                    code,
                    osErrno: transfer.info(CURLINFO_OS_ERRNO),
                    connected: transfer.largeInfo(CURLINFO_CONNECT_TIME_T) > 0
                        || transfer.info(CURLINFO_NUM_CONNECTS) == 0
                )
                return sample
            }
            sample.error = ResponseReading.verdict(
                status: status,
                latency: sample.latency,
                expectation: transfer.expectation,
                transfer: transfer
            )
            return sample
        }
    }

    /// The last response's body, a header, or its status code.
    func responseText(_ field: ResponseField) -> String? {
        guard let last else { return nil }
        switch field {
        case .body: return String(decoding: last.body, as: UTF8.self)
        case .status: return String(last.info(CURLINFO_RESPONSE_CODE))
        case .header(let name): return last.header(name)
        case .column: return nil
        }
    }

    private func makeTransfer(for step: HTTPStep, index: Int, context: StepContext) -> CurlTransfer? {
        if index >= transfers.count {
            transfers.append(contentsOf: repeatElement(nil, count: index + 1 - transfers.count))
        }
        let made = CurlTransfer(
            step: step,
            keepsBody: context.keepsResponse,
            multi: multi,
            share: step.connection == .shared ? nil : vuShare(),
            worker: worker
        )
        transfers[index] = made
        return made
    }

    /// The VU's share handle: its cookie jar and its own connection cache.
    private func vuShare() -> UnsafeMutableRawPointer? {
        if let share { return share }
        guard let made = curl_share_init() else { return nil }
        barrage_curl_share_setopt_lock_data(made, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE)
        barrage_curl_share_setopt_lock_data(made, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT)
        share = made
        return made
    }

    func close() async {
        last = nil
        for transfer in transfers { transfer?.close() }
        transfers.removeAll()
        // Closes the VU's connections (through the multi's close-socket callback).
        if let share { curl_share_cleanup(share) }
        share = nil
    }
}
