import Foundation

/// The command-line form of a fault: `LISTENER.MODE[=VALUE]`, e.g. `http.latency=20` or `tcp.stall=300/1000`.
///
/// Forms (LISTENER is http, ws, tcp or udp; times in milliseconds):
/// `latency=MS`, `latency=uniform:MIN-MAX`, `latency=normal:MEAN,STDDEV` (each with an optional `+GROWTH/s`,
/// ms added per second since the fault took effect: `latency=2+0.5/s`), `capacity=PER_SECOND[:MAX_WAIT]`,
/// `error=RATE[:MODE]`,
/// `stall=DURATION/PERIOD`, `slow=BYTES/INTERVAL`, `reset=PROBABILITY`, `garbage=PROBABILITY[:BYTES]`, `refuse`,
/// `max-connections=N`. Each is turned into the JSON of `POST /admin/faults` and checked by the same rules.
public enum FaultFlag {
    /// Applies one flag to `faults`.
    ///
    /// - Throws: ``FaultValidationError`` naming the field (`faults.http.latency.ms`) or the flag.
    public static func apply(_ flag: String, to faults: inout FaultSet) throws(FaultValidationError) {
        let (key, value) = split(flag, at: "=")
        let (listenerName, mode) = split(key, at: ".")
        guard let listener = TargetListener(rawValue: listenerName), let mode, !mode.isEmpty else {
            throw FaultValidationError(
                field: "--fault \(flag)",
                reason: "expected LISTENER.MODE[=VALUE] with LISTENER one of http, ws, tcp, udp"
            )
        }
        let modeKey = mode == "max-connections" ? "max_connections" : mode
        let json = try modeJSON(modeKey, value: value, flag: flag)
        var current = faults[listener]
        let path = "faults.\(listener.rawValue)"
        // Merge into the listener's current faults, re-validated as a whole.
        guard case .object(var fields) = try current.asJSON() else { return }
        fields[modeKey] = json
        current = try ListenerFaults(json: .object(fields), path: path)
        faults[listener] = current
    }

    private static func modeJSON(_ mode: String, value: String?, flag: String) throws(FaultValidationError) -> JSONValue
    {
        func invalid(_ expected: String) -> FaultValidationError {
            FaultValidationError(field: "--fault \(flag)", reason: "expected \(expected)")
        }
        func number(_ text: Substring?) -> JSONValue {
            guard let text, let value = Double(text) else { return .string(String(text ?? "")) }
            return .number(value)
        }
        switch mode {
        case "refuse":
            return .bool(value.map { $0 != "false" } ?? true)
        case "max_connections":
            return number(value.map { $0[...] })
        default:
            break
        }
        guard let value else { throw invalid("a value: \(mode)=…") }
        switch mode {
        case "latency":
            // A `+G/s` suffix adds growth to any form: `latency=2+0.5/s`, `latency=uniform:10-50+1/s`.
            if let plus = value.lastIndex(of: "+"), value.hasSuffix("/s") {
                let growth = value[value.index(after: plus)..<value.index(value.endIndex, offsetBy: -2)]
                guard case .object(var fields) = try modeJSON(mode, value: String(value[..<plus]), flag: flag) else {
                    throw invalid("latency=…+GROWTH/s")
                }
                fields["growth_ms_per_s"] = number(growth)
                return .object(fields)
            }
            if value.hasPrefix("uniform:") {
                let bounds = value.dropFirst("uniform:".count).split(separator: "-", maxSplits: 1)
                guard bounds.count == 2 else { throw invalid("latency=uniform:MIN-MAX") }
                return .object([
                    "distribution": .string("uniform"), "min_ms": number(bounds[0]), "max_ms": number(bounds[1]),
                ])
            }
            if value.hasPrefix("normal:") {
                let parts = value.dropFirst("normal:".count).split(separator: ",", maxSplits: 1)
                guard parts.count == 2 else { throw invalid("latency=normal:MEAN,STDDEV") }
                return .object([
                    "distribution": .string("normal"), "mean_ms": number(parts[0]), "stddev_ms": number(parts[1]),
                ])
            }
            return .object(["ms": number(value[...])])
        case "capacity":
            let parts = value.split(separator: ":", maxSplits: 1)
            var fields: [String: JSONValue] = ["per_second": number(parts.first)]
            if parts.count == 2 { fields["max_wait_ms"] = number(parts[1]) }
            return .object(fields)
        case "error":
            let parts = value.split(separator: ":", maxSplits: 1)
            var fields: [String: JSONValue] = ["rate": number(parts.first)]
            if parts.count == 2 { fields["mode"] = .string(String(parts[1])) }
            return .object(fields)
        case "stall", "slow":
            let parts = value.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else {
                throw invalid(mode == "stall" ? "stall=DURATION/PERIOD" : "slow=BYTES/INTERVAL")
            }
            return mode == "stall"
                ? .object(["duration_ms": number(parts[0]), "period_ms": number(parts[1])])
                : .object(["bytes": number(parts[0]), "interval_ms": number(parts[1])])
        case "reset", "garbage":
            let parts = value.split(separator: ":", maxSplits: 1)
            var fields: [String: JSONValue] = ["probability": number(parts.first)]
            if parts.count == 2 { fields["bytes"] = number(parts[1]) }
            return .object(fields)
        default:
            throw FaultValidationError(
                field: "--fault \(flag)",
                reason:
                    "unknown mode \(mode) (expected latency, capacity, error, stall, slow, reset, garbage, refuse, max-connections)"
            )
        }
    }

    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }
}

extension ListenerFaults {
    /// The faults as a JSON value (as `GET /admin/faults` shows them).
    func asJSON() throws(FaultValidationError) -> JSONValue {
        let set = FaultSet(http: self)
        do {
            let json = try JSONDecoder().decode(JSONValue.self, from: set.jsonData())
            guard case .object(let fields) = json, let http = fields["http"] else { return .object([:]) }
            return http
        } catch {
            return .object([:])
        }
    }
}
