import BarrageMetrics
import CCurl
import Foundation

/// A JSON POST for the webhook and Slack channels, over libcurl's easy interface.
enum HTTPPost {
    /// POSTs `body` to `url` with `headers`; 2xx is delivered, 429 and 5xx may be retried, other answers not.
    static func send(
        url: String,
        headers: [String],
        body: [UInt8],
        timeout: UInt64,
        redactor: SecretRedactor
    ) throws(AlertDeliveryError) {
        do {
            let request = try CurlRequest(url: url, timeout: timeout)
            // Unlike the load's HTTP client, alerts honour http_proxy, https_proxy and no_proxy: a Slack webhook
            // behind a corporate proxy must get through, and one request per alert costs nothing worth saving.
            try request.set(CURLOPT_HTTPHEADER, list: ["Content-Type: application/json", "Expect:"] + headers)
            try request.post(body)
            let status = try request.perform()
            guard (200..<300).contains(status) else {
                throw AlertDeliveryError("HTTP \(status)", isRetryable: status == 429 || status >= 500)
            }
        } catch let failure as CurlRequest.Failure {
            throw AlertDeliveryError(redactor.redact(failure.message), isRetryable: failure.isRetryable)
        } catch let error as AlertDeliveryError {
            throw error
        } catch {
            throw AlertDeliveryError("\(error)")
        }
    }

    /// `scheme://host:port` of `url`, for naming a channel without its path, query or credentials.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "invalid URL" }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(components.scheme ?? "")://\(host)\(port)"
    }
}
