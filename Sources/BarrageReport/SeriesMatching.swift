/// Pairs each current series (a monitor line, an endurance signal) with its baseline one: by `exact` key first,
/// else by `loose` key when exactly one series on each side has it (a process id or scope that changed between
/// runs). Each baseline series is used at most once; a series without a `loose` key matches only exactly.
/// Returns, for each element of `current`, the index of its baseline, or nil.
func matchSeries<Series, Exact: Equatable, Loose: Equatable>(
    _ current: [Series],
    to baseline: [Series],
    exact: (Series) -> Exact,
    loose: (Series) -> Loose?
) -> [Int?] {
    var used = Set<Int>()
    return current.map { series in
        let key = exact(series)
        var index = baseline.indices.first { !used.contains($0) && exact(baseline[$0]) == key }
        if index == nil, let name = loose(series) {
            let candidates = baseline.indices.filter { loose(baseline[$0]) == name }
            if candidates.count == 1, current.filter({ loose($0) == name }).count == 1, !used.contains(candidates[0]) {
                index = candidates[0]
            }
        }
        if let index { used.insert(index) }
        return index
    }
}
