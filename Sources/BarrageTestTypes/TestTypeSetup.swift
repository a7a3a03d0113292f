import BarrageCore
import BarrageMetrics

/// The test types that act during a run, read from a plan's `stress:` and `spike:` sections: `prepare` sets
/// the scenarios' load (a controlled arrival rate for a stress search, the spike's shape), `start` runs the
/// watch alongside the run, and its `finish` gives what goes into the result.
public struct TestTypeSetup: Sendable {
    /// The stress search's settings and the controller its scenarios read; nil without `stress:`.
    public var stress: (settings: StressSettings, controller: RateController)?
    /// The spike's settings; nil without `spike:`.
    public var spike: SpikeSettings?

    /// No test type acting during the run.
    public init() {}

    /// Reads `plan`'s sections and reshapes its scenarios' load for them. `segmented`: this process runs one
    /// segment of a distributed run (a stress search decides from what one process sees, so it refuses).
    public static func prepare(_ plan: inout Plan, segmented: Bool = false) throws(ConfigError) -> TestTypeSetup {
        var setup = TestTypeSetup()
        if plan.stress != nil, let spikeNode = plan.spike {
            throw spikeNode.error("a run is either a stress search or a spike test: give 'stress' or 'spike', not both")
        }
        if let node = plan.stress {
            if segmented {
                throw node.error(
                    "a stress search decides each step from what it measures, so it runs in one process: "
                        + "drop --segment/--segments (use more --workers instead)"
                )
            }
            let settings = try StressSettings.parse(node, plan: plan)
            let nominal = plan.scenarios.map { LoadShape.nominalLevel(of: $0.load) ?? 0 }
            let allOpen = plan.scenarios.allSatisfy { $0.load is any OpenLoadModel }
            let total = nominal.reduce(0, +)
            let controller = RateController(initialRate: settings.startRate, maxDuration: settings.maxDuration)
            for index in plan.scenarios.indices {
                let fraction =
                    allOpen && total > 0 ? nominal[index] / total : 1 / Double(plan.scenarios.count)
                plan.scenarios[index].load = ControlledRateModel(
                    controller: controller,
                    fraction: fraction,
                    maxInFlight: max(1, Int((Double(settings.maxInFlight) * fraction).rounded(.up))),
                    maxDuration: settings.maxDuration
                )
            }
            setup.stress = (settings, controller)
        }
        if let node = plan.spike {
            let settings = try SpikeSettings.parse(node, plan: plan)
            for index in plan.scenarios.indices {
                guard let reshaped = settings.shape.applied(to: plan.scenarios[index].load, durationGiven: true) else {
                    throw node.error("scenario '\(plan.scenarios[index].name)' cannot be spiked")
                }
                plan.scenarios[index].load = reshaped
            }
            setup.spike = settings
        }
        return setup
    }

    /// Starts the watches on `run`; `report` receives their progress lines.
    public func start(run: LoadRun, report: @escaping @Sendable (String) -> Void) -> TestTypeWatches {
        TestTypeWatches(
            stress: stress.map {
                StressWatch(settings: $0.settings, controller: $0.controller, run: run, report: report)
            },
            spike: spike.map { SpikeWatch(settings: $0, run: run, report: report) }
        )
    }
}

/// The watches of one run.
public struct TestTypeWatches: Sendable {
    /// The stress search, if any.
    public let stress: StressWatch?
    /// The spike measurement, if any.
    public let spike: SpikeWatch?

    /// Stops the watches (call it once the run has returned) and puts what they found into `result`.
    public func finish(into result: inout RunResult) async {
        if let stress { result.stress = await stress.finish() }
        if let spike { result.spike = await spike.finish() }
    }
}
