/// `ramping-users`: the number of VUs follows stages linearly (k6's ramping-vus). VU k is active while the
/// target is at least k+1; a VU leaving finishes its iteration first.
public struct RampingUsersModel: ClosedLoadModel, Equatable {
    /// VUs at the start.
    public var startUsers: Int
    /// The stages.
    public var stages: [Stage]

    /// Makes the model.
    public init(startUsers: Int = 0, stages: [Stage]) {
        self.startUsers = startUsers
        self.stages = stages
    }

    var profile: StageProfile { StageProfile(start: Double(startUsers), stages: stages) }

    public var users: Int { Int((stages.map(\.target) + [Double(startUsers)]).max() ?? 0) }
    public var duration: UInt64 { profile.duration }
    public var iterationsPerUser: Int? { nil }

    public func activeWindows(user: Int) -> [ActiveWindow] { profile.spans(atLeast: Double(user + 1)) }

    public var summary: String {
        "ramping-users: "
            + ([String(startUsers)] + stages.map { "\(Int($0.target)) over \(DurationText.format($0.duration))" })
            .joined(separator: " → ")
    }

    public func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel {
        if overrides.users != nil { throw overrides.reject("--users", for: "ramping-users") }
        if overrides.rate != nil { throw overrides.reject("--rate", for: "ramping-users") }
        if overrides.duration != nil { throw overrides.reject("--duration", for: "ramping-users") }
        if overrides.spawnRate != nil { throw overrides.reject("--spawn-rate", for: "ramping-users") }
        return self
    }
}
