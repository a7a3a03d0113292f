/// A load shape a test type lays over any scenario: stages that move the load linearly, like `ramping-users`
/// and `ramping-rate`, but with levels relative to the scenario's own load (`100%` is its users, or its
/// arrival rate), so one preset fits every scenario. A closed scenario becomes `ramping-users`, an open one
/// `ramping-rate`.
public struct LoadShape: Sendable, Equatable {
    /// How much load: a share of the scenario's own, or an absolute number of users (or arrivals per second).
    public enum Level: Sendable, Equatable {
        /// This share of the scenario's users or rate (1 = 100%).
        case share(Double)
        /// Exactly this many users, or arrivals per second.
        case absolute(Double)

        func value(nominal: Double) -> Double {
            switch self {
            case .share(let share): share * nominal
            case .absolute(let value): value
            }
        }
    }

    /// How long a stage lasts.
    public enum Length: Sendable, Equatable {
        /// A fixed time, ns.
        case fixed(UInt64)
        /// The scenario's own duration (after `--duration`), but at least `atLeast` ns unless `--duration` was
        /// given: an endurance preset holds for hours even over a one-minute scenario.
        case scenario(atLeast: UInt64)
    }

    /// One stage: move to `level` over `length`.
    public struct Stage: Sendable, Equatable {
        /// How long it lasts.
        public var length: Length
        /// The level at its end.
        public var level: Level

        /// Makes a stage.
        public init(length: Length, level: Level) {
            self.length = length
            self.level = level
        }
    }

    /// The level at the start.
    public var start: Level
    /// The stages, in order.
    public var stages: [Stage]

    /// Makes a shape.
    public init(start: Level = .absolute(0), stages: [Stage]) {
        self.start = start
        self.stages = stages
    }

    /// The scenario's own level: its (peak) users for a closed model, its (peak) arrival rate for an open one.
    public static func nominalLevel(of model: any LoadModel) -> Double? {
        switch model {
        case let model as ConstantUsersModel: Double(model.users)
        case let model as RampingUsersModel: Double(model.users)
        case let model as PerUserIterationsModel: Double(model.users)
        case let model as ConstantRateModel: model.rate
        case let model as RampingRateModel: (model.stages.map(\.target) + [model.startRate]).max() ?? 0
        default: nil
        }
    }

    /// The stages with levels and lengths resolved for `model` (its level and duration).
    public func resolvedStages(
        for model: any LoadModel,
        durationGiven: Bool
    ) -> (start: Double, stages: [BarrageCore.Stage]) {
        let nominal = Self.nominalLevel(of: model) ?? 0
        let stages = stages.map { stage in
            let length: UInt64
            switch stage.length {
            case .fixed(let value): length = value
            case .scenario(let atLeast): length = durationGiven ? model.duration : max(model.duration, atLeast)
            }
            return BarrageCore.Stage(duration: length, target: stage.level.value(nominal: nominal))
        }
        return (start.value(nominal: nominal), stages)
    }

    /// `model` reshaped: `ramping-users` for a closed model (users rounded to whole VUs), `ramping-rate` for an
    /// open one (with `max_in_flight` scaled to the shape's peak). Nil for a model it cannot reshape (a rate the
    /// stress search controls).
    public func applied(to model: any LoadModel, durationGiven: Bool) -> (any LoadModel)? {
        guard let nominal = Self.nominalLevel(of: model) else { return nil }
        let (start, stages) = resolvedStages(for: model, durationGiven: durationGiven)
        let peak = (stages.map(\.target) + [start]).max() ?? 0
        switch model {
        case is any ClosedLoadModel:
            return RampingUsersModel(
                startUsers: Int(start.rounded()),
                stages: stages.map { BarrageCore.Stage(duration: $0.duration, target: $0.target.rounded()) }
            )
        case let open as any OpenLoadModel:
            let scaled = nominal > 0 ? Double(open.maxInFlight) * peak / nominal : Double(open.maxInFlight)
            return RampingRateModel(
                startRate: start,
                stages: stages,
                maxInFlight: max(10, Int(min(100_000, scaled.rounded(.up))))
            )
        default:
            return nil
        }
    }
}
