import BarrageCore
import Testing

struct ShareTests {
    @Test(arguments: [1, 2, 3, 4, 7])
    func sharesOfAnyCountCoverEveryIndexExactlyOnce(count: Int) {
        for total in [0, 1, 5, 10, 11, 100] {
            var seen: [Int] = []
            for part in 0..<count { seen += Share.segment(part, of: count).indices(below: total) }
            #expect(seen.sorted() == Array(0..<total))
            let counts = (0..<count).map { Share.segment($0, of: count).count(below: total) }
            #expect(counts.reduce(0, +) == total)
        }
    }

    @Test func tenUsersOverThreeSegmentsSplitFourThreeThree() {
        #expect((0..<3).map { Share.segment($0, of: 3).count(below: 10) } == [4, 3, 3])
    }

    @Test func subdividingSegmentsAmongWorkersStillCoversTheWholeExactlyOnce() {
        let segments = 3
        let workers = 2
        var seen: [Int] = []
        for segment in 0..<segments {
            for worker in 0..<workers {
                seen += Share.segment(segment, of: segments).subdivided(part: worker, of: workers).indices(below: 50)
            }
        }
        #expect(seen.sorted() == Array(0..<50))
    }
}

/// The union property of distributed runs: for every load model and any number of segments (each split again
/// among workers), the VUs with their active windows and the arrivals with their intended times that all
/// shares run are exactly those of the single process, each once.
struct SegmentUnionTests {
    static let second: UInt64 = 1_000_000_000

    static let closedModels: [any ClosedLoadModel] = [
        ConstantUsersModel(users: 10, spawnRate: 3, duration: 5 * second),
        RampingUsersModel(
            startUsers: 1,
            stages: [Stage(duration: 3 * second, target: 11), Stage(duration: 2 * second, target: 4)]
        ),
        PerUserIterationsModel(users: 13, iterations: 7),
    ]

    static let openModels: [any OpenLoadModel] = [
        ConstantRateModel(rate: 97, duration: 3 * second, maxInFlight: 10),
        RampingRateModel(
            startRate: 5,
            stages: [Stage(duration: 2 * second, target: 120), Stage(duration: 2 * second, target: 0)],
            maxInFlight: 10
        ),
    ]

    @Test(arguments: [1, 2, 3, 5, 7])
    func usersAndTheirWindowsSplitExactly(segments: Int) {
        for model in Self.closedModels {
            let whole = (0..<model.users).map { [$0: model.activeWindows(user: $0)] }
            var union: [[Int: [ActiveWindow]]] = []
            for segment in 0..<segments {
                for worker in 0..<2 {
                    let share = Share.segment(segment, of: segments).subdivided(part: worker, of: 2)
                    union += share.indices(below: model.users).map { [$0: model.activeWindows(user: $0)] }
                }
            }
            #expect(union.sorted { $0.keys.first! < $1.keys.first! } == whole, "\(model.summary)")
        }
    }

    @Test(arguments: [1, 2, 3, 5, 7])
    func arrivalsSplitExactlyWithTheirIntendedTimes(segments: Int) {
        for model in Self.openModels {
            var whole: [UInt64] = []
            var index = 0
            while let time = model.arrivalTime(index: index) {
                whole.append(time)
                index += 1
            }
            var union: [UInt64] = []
            for segment in 0..<segments {
                for worker in 0..<2 {
                    let share = Share.segment(segment, of: segments).subdivided(part: worker, of: 2)
                    var arrival = share.offset
                    while let time = model.arrivalTime(index: arrival) {
                        union.append(time)
                        arrival += share.stride
                    }
                }
            }
            #expect(!whole.isEmpty)
            #expect(union.sorted() == whole.sorted(), "\(model.summary)")
        }
    }
}

struct RFC3339ParsingTests {
    @Test func zuluOffsetsAndFractionsParse() {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.parse("2026-11-26T10:00:00.250Z") == 1_795_687_200_250)
        #expect(RFC3339.parse("2026-11-26T11:00:00.250+01:00") == 1_795_687_200_250)
        #expect(RFC3339.parse(RFC3339.format(unixMilliseconds: 1_795_687_200_123)) == 1_795_687_200_123)
        #expect(RFC3339.parse("2026-11-26 10:00") == nil)
        #expect(RFC3339.parse("tomorrow") == nil)
    }
}
