import Testing

@testable import BarrageCore

struct RateControllerTests {
    @Test func arrivalsFollowEachRateFromTheMomentItIsSet() {
        let controller = RateController(initialRate: 10, maxDuration: 60_000_000_000)
        let model = ControlledRateModel(controller: controller, maxInFlight: 10, maxDuration: 60_000_000_000)
        #expect(model.arrivalTime(index: 0) == 0)
        #expect(model.arrivalTime(index: 5) == 500_000_000)
        // From 1 s on, 100/s: 10 arrivals were due by then, the 11th comes 10 ms later.
        controller.setRate(100, at: 1_000_000_000)
        #expect(model.arrivalTime(index: 5) == 500_000_000, "arrivals before the change stay where they were")
        #expect(model.arrivalTime(index: 11) == 1_010_000_000)
        #expect(model.arrivalTime(index: 110) == 2_000_000_000)
        controller.finish(at: 2_000_000_000)
        #expect(model.arrivalTime(index: 109) == 1_990_000_000)
        #expect(model.arrivalTime(index: 110) == nil)
    }

    @Test func scenariosShareTheControlledArrivals() {
        let controller = RateController(initialRate: 100, maxDuration: 10_000_000_000)
        let quarter = ControlledRateModel(
            controller: controller,
            fraction: 0.25,
            maxInFlight: 10,
            maxDuration: 10_000_000_000
        )
        // A quarter of 100/s is 25/s: its arrival 25 is due at 1 s.
        #expect(quarter.arrivalTime(index: 25) == 1_000_000_000)
    }

    @Test func ratesBelowTheMinimumAreRaisedToIt() {
        let controller = RateController(initialRate: 0, maxDuration: 10_000_000_000)
        #expect(controller.rate == RateController.minimumRate)
    }

    @Test func overridesAreRefused() {
        let model = ControlledRateModel(
            controller: RateController(initialRate: 1, maxDuration: 1),
            maxInFlight: 1,
            maxDuration: 1
        )
        #expect(throws: ConfigError.self) { _ = try model.applying(LoadOverrides(rate: 5)) }
    }
}
