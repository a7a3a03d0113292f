import Foundation

extension ConfigNode {
    /// The node as a rate in arrivals per second: `200`, `200/s`, `6000/m` or `100/h` (`_` may group digits).
    /// Above zero, or zero too with `allowZero`. The load models' rates and the stress search's are read with it,
    /// so they accept the same forms.
    public func rate(allowZero: Bool = false) throws(ConfigError) -> Double {
        let text = try string()
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let per: Double
        switch parts.count == 2 ? parts[1] : "s" {
        case "s": per = 1
        case "m": per = 60
        case "h": per = 3600
        default: throw error("a rate is a number per s, m or h, such as 200/s; found '\(text)'")
        }
        guard let count = Double(parts[0].replacingOccurrences(of: "_", with: "")), count.isFinite else {
            throw error("a rate is a number per s, m or h, such as 200/s; found '\(text)'")
        }
        guard count > 0 || (allowZero && count == 0) else {
            throw error("must be greater than 0, found '\(text)'")
        }
        return count / per
    }

    /// The node as a share above zero: `5%` or `0.05`.
    public func fraction() throws(ConfigError) -> Double {
        let text = try string().trimmingCharacters(in: .whitespaces)
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value > 0, value.isFinite else {
            throw error("expected a share such as 5% or 0.05, found '\(text)'")
        }
        return value
    }

    /// The node as a load level: `50%` of the scenario's own users or rate, or a plain number of users or arrivals
    /// per second. Above zero, or zero too with `allowZero`. Load shapes' stages and the spike test's base read it.
    public func loadLevel(allowZero: Bool = false) throws(ConfigError) -> LoadShape.Level {
        let text = try string().trimmingCharacters(in: .whitespaces)
        let isShare = text.hasSuffix("%")
        guard let value = Double(isShare ? String(text.dropLast()) : text), value.isFinite,
            value > 0 || (allowZero && value == 0)
        else {
            let bound = allowZero ? "" : " above zero"
            throw error(
                "expected a share such as 50% or a number of users or arrivals per second\(bound), found '\(text)'"
            )
        }
        return isShare ? .share(value / 100) : .absolute(value)
    }
}
