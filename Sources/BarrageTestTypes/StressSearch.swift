import BarrageCore

/// The decisions of a stress search, apart from time: after each step's verdict, which rate comes next.
///
/// It multiplies the rate by `growth` while steps hold; after the first broken step it bisects between the
/// highest rate that held and the lowest that broke until they are within `precision` of each other (if the
/// very first step breaks, it divides by `growth` until one holds). After every broken step the load drops
/// to let the target recover before the next step.
public struct StressSearch: Sendable {
    /// What to do next.
    public enum Next: Sendable, Equatable {
        /// Hold this rate for a step.
        case step(rate: Double)
        /// Drop to `rate` until the objective holds again, then hold `then` for a step.
        case recover(rate: Double, then: Double)
        /// Stop the search, for this reason (`converged`, `max_rate`, `min_rate`, `max_steps`).
        case finish(reason: String)
    }

    /// The settings it follows.
    public let settings: StressSettings
    /// The rate of the step in progress.
    public private(set) var rate: Double
    /// The highest rate that held (below every broken one).
    public private(set) var highestHeld: Double?
    /// The lowest rate that broke.
    public private(set) var lowestBroken: Double?
    /// Steps judged so far.
    public private(set) var stepsJudged = 0

    /// A search starting at the settings' start rate.
    public init(settings: StressSettings) {
        self.settings = settings
        rate = settings.startRate
    }

    /// Records the verdict of the step at `rate` and decides the next.
    public mutating func record(held: Bool) -> Next {
        stepsJudged += 1
        if held {
            if highestHeld.map({ rate > $0 }) ?? true { highestHeld = rate }
        } else {
            if lowestBroken.map({ rate < $0 }) ?? true { lowestBroken = rate }
        }
        if let good = highestHeld, let bad = lowestBroken, (bad - good) / good <= settings.precision {
            return .finish(reason: "converged")
        }
        if stepsJudged >= settings.maxSteps { return .finish(reason: "max_steps") }
        let next: Double
        if let bad = lowestBroken, let good = highestHeld {
            next = (good + bad) / 2
        } else if lowestBroken != nil {
            next = rate / settings.growth
            if next < RateController.minimumRate { return .finish(reason: "min_rate") }
        } else {
            if rate >= settings.maxRate { return .finish(reason: "max_rate") }
            next = min(rate * settings.growth, settings.maxRate)
        }
        let recoveryRate = max(RateController.minimumRate, settings.recoveryShare * (highestHeld ?? next))
        rate = next
        return held ? .step(rate: next) : .recover(rate: recoveryRate, then: next)
    }
}
