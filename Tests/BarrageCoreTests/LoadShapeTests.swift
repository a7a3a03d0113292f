import Testing

@testable import BarrageCore

struct LoadShapeTests {
    let rampHoldDown = LoadShape(
        start: .absolute(0),
        stages: [
            .init(length: .fixed(60_000_000_000), level: .share(1)),
            .init(length: .scenario(atLeast: 0), level: .share(1)),
            .init(length: .fixed(30_000_000_000), level: .absolute(0)),
        ]
    )

    @Test func aClosedScenarioBecomesRampingUsersAtItsOwnLevel() throws {
        let model = ConstantUsersModel(users: 40, duration: 300_000_000_000)
        let shaped = try #require(rampHoldDown.applied(to: model, durationGiven: false) as? RampingUsersModel)
        #expect(shaped.startUsers == 0)
        #expect(shaped.stages.map(\.target) == [40, 40, 0])
        #expect(shaped.stages.map(\.duration) == [60_000_000_000, 300_000_000_000, 30_000_000_000])
    }

    @Test func anOpenScenarioBecomesRampingRateWithItsInFlightScaled() throws {
        let model = ConstantRateModel(rate: 200, duration: 10_000_000_000, maxInFlight: 50)
        let spike = LoadShape(
            start: .share(1),
            stages: [.init(length: .fixed(1_000_000_000), level: .share(4))]
        )
        let shaped = try #require(spike.applied(to: model, durationGiven: false) as? RampingRateModel)
        #expect(shaped.startRate == 200)
        #expect(shaped.stages.map(\.target) == [800])
        #expect(shaped.maxInFlight == 200, "4× the load, 4× the iterations in flight")
    }

    @Test func scenarioLengthIsAtLeastItsBoundUnlessTheDurationWasGiven() throws {
        let endurance = LoadShape(stages: [.init(length: .scenario(atLeast: 3_600_000_000_000), level: .share(1))])
        let model = ConstantUsersModel(users: 5, duration: 60_000_000_000)
        let implicit = try #require(endurance.applied(to: model, durationGiven: false) as? RampingUsersModel)
        #expect(implicit.duration == 3_600_000_000_000)
        let explicit = try #require(endurance.applied(to: model, durationGiven: true) as? RampingUsersModel)
        #expect(explicit.duration == 60_000_000_000)
    }

    @Test func aControlledRateTakesNoShape() {
        let model = ControlledRateModel(
            controller: RateController(initialRate: 1, maxDuration: 1),
            maxInFlight: 1,
            maxDuration: 1
        )
        #expect(rampHoldDown.applied(to: model, durationGiven: false) == nil)
    }
}
