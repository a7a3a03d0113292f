/// One stage of a ramping model: move linearly to `target` over `duration`.
public struct Stage: Sendable, Equatable {
    /// How long the stage lasts, ns.
    public var duration: UInt64
    /// The value (users, or arrivals per second) reached at the stage's end.
    public var target: Double

    /// Makes a stage.
    public init(duration: UInt64, target: Double) {
        self.duration = duration
        self.target = target
    }
}

/// A piecewise-linear value over time (VUs or arrival rate), from a start value through stages.
struct StageProfile: Sendable, Equatable {
    var start: Double
    var stages: [Stage]

    var duration: UInt64 { stages.reduce(0) { $0 + $1.duration } }

    /// The spans (ns) in which the value is at least `level`.
    func spans(atLeast level: Double) -> [ActiveWindow] {
        var windows: [ActiveWindow] = []
        var openedAt: UInt64? = start >= level ? 0 : nil
        var stageStart: UInt64 = 0
        var from = start
        for stage in stages {
            let to = stage.target
            let length = Double(stage.duration)
            if openedAt == nil, to >= level, from < level {
                openedAt = stageStart + UInt64(((level - from) / (to - from)) * length)
            } else if let opened = openedAt, to < level, from >= level {
                let closedAt = stageStart + UInt64(((from - level) / (from - to)) * length)
                if closedAt > opened { windows.append(ActiveWindow(start: opened, end: closedAt)) }
                openedAt = nil
            }
            stageStart += stage.duration
            from = to
        }
        if let opened = openedAt, stageStart > opened { windows.append(ActiveWindow(start: opened, end: stageStart)) }
        return windows
    }

    /// The time (ns) at which the integral of the value (a rate per second) reaches `count`, or nil if never.
    func timeOfCumulative(_ count: Double) -> UInt64? {
        var stageStart: UInt64 = 0
        var reached: Double = 0
        var from = start
        for stage in stages {
            let seconds = Double(stage.duration) / 1e9
            let to = stage.target
            let inStage = (from + to) / 2 * seconds
            if reached + inStage > count {
                let remaining = count - reached
                // Solve from·τ + (to−from)/(2·seconds)·τ² = remaining for τ, in the numerically stable form.
                let slope = seconds > 0 ? (to - from) / (2 * seconds) : 0
                let discriminant = from * from + 4 * slope * remaining
                let tau: Double
                if abs(slope) < 1e-12 {
                    tau = from > 0 ? remaining / from : 0
                } else {
                    tau = 2 * remaining / (from + discriminant.squareRoot())
                }
                return stageStart + UInt64(max(0, min(tau, seconds)) * 1e9)
            }
            reached += inStage
            stageStart += stage.duration
            from = to
        }
        return nil
    }
}
