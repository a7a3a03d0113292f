import Foundation

/// The faults of all four listeners: what `GET /admin/faults` shows and `POST /admin/faults` sets.
///
/// JSON: `{"http": {…}, "ws": {…}, "tcp": {…}, "udp": {…}}`, each a ``ListenerFaults``; absent listeners have none.
/// A value type: handlers take a snapshot and never see a half-applied change.
public struct FaultSet: FaultDocument {
    /// Faults of the HTTP listener.
    public var http: ListenerFaults
    /// Faults of the WebSocket listener.
    public var ws: ListenerFaults
    /// Faults of the TCP line-echo listener.
    public var tcp: ListenerFaults
    /// Faults of the UDP echo listener.
    public var udp: ListenerFaults

    /// Creates a fault set; by default none.
    public init(
        http: ListenerFaults = ListenerFaults(),
        ws: ListenerFaults = ListenerFaults(),
        tcp: ListenerFaults = ListenerFaults(),
        udp: ListenerFaults = ListenerFaults()
    ) {
        self.http = http
        self.ws = ws
        self.tcp = tcp
        self.udp = udp
    }

    /// The faults of one listener.
    public subscript(listener: TargetListener) -> ListenerFaults {
        get {
            switch listener {
            case .http: http
            case .ws: ws
            case .tcp: tcp
            case .udp: udp
            }
        }
        set {
            switch listener {
            case .http: http = newValue
            case .ws: ws = newValue
            case .tcp: tcp = newValue
            case .udp: udp = newValue
            }
        }
    }

    /// Reads a whole fault document.
    public init(json: JSONValue, path: String = "faults") throws(FaultValidationError) {
        let reader = try FaultFieldReader(json, path: path, allowed: Set(TargetListener.allCases.map(\.rawValue)))
        self.init()
        for listener in TargetListener.allCases {
            if let value = reader.value(listener.rawValue) {
                self[listener] = try ListenerFaults(json: value, path: reader.field(listener.rawValue))
            }
        }
    }

    /// Parses a fault document from JSON text or bytes.
    ///
    /// - Throws: ``FaultValidationError`` naming the field (`faults` itself when the text is not JSON).
    public init(jsonData: some DataProtocol) throws(FaultValidationError) {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: Data(jsonData))
        } catch {
            throw FaultValidationError(field: "faults", reason: "is not valid JSON")
        }
        try self.init(json: json)
    }

    /// The document as compact JSON with sorted keys.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain numbers, strings and optionals cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
