/// "Did you mean …?" for misspelt names: the nearest valid name by edit distance.
public enum ConfigSuggestion {
    /// The candidate closest to `name`, when it is close enough to be a plausible typo.
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    /// The message for an unknown mapping key.
    public static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        if let nearest = nearest(to: key, in: allowed) {
            return "unknown field '\(key)'; did you mean '\(nearest)'?"
        }
        return "unknown field '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                )
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
