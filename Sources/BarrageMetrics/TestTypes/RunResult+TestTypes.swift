extension RunResult {
    /// The verdict of the run's test type, when it has one that judges the run: a stress search passes when it
    /// found what it looked for and the target recovered after every overload (it fails when the objective never
    /// held, or the target did not recover in time); a spike test passes when the target recovered before the
    /// end. Nil for other runs. Failed samples are the point of these tests, so they alone do not fail them.
    public var testTypePassed: Bool? {
        if let stress {
            return stress.ended != "no_recovery" && stress.ended != "min_rate" && stress.maxSustainableRate != nil
                && stress.recoveries.allSatisfy { $0.recoverySeconds != nil }
        }
        if let spike { return spike.recoverySeconds != nil }
        return nil
    }

    /// Whether what the run measured passes, whatever its status: a failing test type fails it, then thresholds
    /// decide when there are some, then a passing test type, then whether any sample failed. The one verdict of
    /// the exit status and of every report.
    public var measurementsPassed: Bool {
        if testTypePassed == false { return false }
        if let thresholds { return thresholds.passed }
        if testTypePassed == true { return true }
        return totalFailures == 0
    }
}
