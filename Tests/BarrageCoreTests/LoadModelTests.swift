import BarrageCore
import Testing

struct LoadModelTests {
    @Test func constantUsersWithASpawnRateStartUsersOneAfterAnother() {
        let model = ConstantUsersModel(users: 4, spawnRate: 2, duration: 10_000_000_000)
        #expect(model.activeWindows(user: 0) == [ActiveWindow(start: 0, end: 10_000_000_000)])
        #expect(model.activeWindows(user: 3) == [ActiveWindow(start: 1_500_000_000, end: 10_000_000_000)])
    }

    @Test func rampingUsersAreActiveWhileTheTargetCoversThem() {
        let second: UInt64 = 1_000_000_000
        let model = RampingUsersModel(
            stages: [
                Stage(duration: 10 * second, target: 10), Stage(duration: 10 * second, target: 10),
                Stage(duration: 10 * second, target: 0),
            ]
        )
        #expect(model.users == 10)
        // VU k starts when the ramp reaches k+1 users, and leaves when it falls below k+1.
        #expect(model.activeWindows(user: 0) == [ActiveWindow(start: 1 * second, end: 29 * second)])
        #expect(model.activeWindows(user: 9) == [ActiveWindow(start: 10 * second, end: 20 * second)])
        // At every moment the number of active VUs is the floor of the target.
        // Sampled between the instants where the target crosses a whole number.
        for t in stride(from: second / 8, to: 30 * second, by: Int(second / 4)) {
            let active = (0..<10).filter { user in
                model.activeWindows(user: user).contains { $0.start <= t && t < $0.end }
            }.count
            let seconds = Double(t) / 1e9
            let target: Double = t < 10 * second ? seconds : t < 20 * second ? 10 : 10 - (seconds - 20)
            #expect(active == Int(target.rounded(.down)), "at \(seconds)s")
        }
    }

    @Test func rampingUsersCanComeBackInALaterStage() {
        let second: UInt64 = 1_000_000_000
        let model = RampingUsersModel(
            startUsers: 3,
            stages: [Stage(duration: 3 * second, target: 0), Stage(duration: 3 * second, target: 3)]
        )
        #expect(
            model.activeWindows(user: 1) == [
                ActiveWindow(start: 0, end: 1 * second), ActiveWindow(start: 5 * second, end: 6 * second),
            ]
        )
    }

    @Test func constantRateArrivalsAreEvenlySpacedAndStopAtTheEnd() {
        let model = ConstantRateModel(rate: 2000, duration: 5_000_000_000, maxInFlight: 10)
        #expect(model.arrivalTime(index: 0) == 0)
        #expect(model.arrivalTime(index: 1) == 500_000)
        #expect(model.arrivalTime(index: 9_999) == 4_999_500_000)
        #expect(model.arrivalTime(index: 10_000) == nil)
    }

    @Test func rampingRateSchedulesTheIntegralOfTheRate() {
        let second: UInt64 = 1_000_000_000
        let model = RampingRateModel(
            startRate: 0,
            stages: [Stage(duration: 10 * second, target: 100), Stage(duration: 10 * second, target: 100)],
            maxInFlight: 10
        )
        // 0→100/s over 10 s is 500 arrivals; then 1,000 in the flat 10 s.
        var count = 0
        var previous: UInt64 = 0
        while let time = model.arrivalTime(index: count) {
            #expect(time >= previous)
            previous = time
            count += 1
        }
        #expect(count == 1500)
        // Arrival 125 is due when ∫ = 125, i.e. 5t²/… : t = sqrt(2·125/10) = 5 s.
        let fifth = model.arrivalTime(index: 125)!
        #expect(fifth > 4_990_000_000 && fifth < 5_010_000_000)
    }

    @Test func perUserIterationsLimitsEachUser() {
        let model = PerUserIterationsModel(users: 10, iterations: 100)
        #expect(model.iterationsPerUser == 100)
        #expect(model.users == 10)
    }

    @Test func overridesThatDoNotApplyAreRefused() {
        let model = ConstantRateModel(rate: 10, duration: 1_000_000_000, maxInFlight: 1)
        #expect(throws: ConfigError.self) { try model.applying(LoadOverrides(users: 5)) }
        let users = ConstantUsersModel(users: 1, duration: 1_000_000_000)
        let changed = try? users.applying(LoadOverrides(users: 7, duration: 2_000_000_000)) as? ConstantUsersModel
        #expect(changed?.users == 7)
        #expect(changed?.duration == 2_000_000_000)
    }
}
