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
