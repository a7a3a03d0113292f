import BarrageCore
import Foundation

/// Parses the top-level `shape:` section (usually from a test-type preset) into a `LoadShape`:
///
/// ```yaml
/// shape:
///   start: 0                                   # the level at the start (default 0)
///   stages:
///     - {duration: 1m, level: 100%}            # a share of each scenario's users or rate
///     - {duration: scenario, level: 100%}      # as long as the scenario (after --duration)
///     - {duration: scenario, at_least: 1h, level: 100%}
///     - {duration: 30s, level: 0}              # a plain number: that many users, or arrivals per second
/// ```
enum LoadShapeParser {
    static func parse(_ node: ConfigNode) throws(ConfigError) -> LoadShape {
        let shape = try node.mapping(allowedKeys: ["start", "stages"])
        let start =
            try shape["start"].map { node throws(ConfigError) in try node.loadLevel(allowZero: true) } ?? .absolute(0)
        let stagesNode = try shape.required("stages")
        let items = try stagesNode.sequence()
        guard !items.isEmpty else { throw stagesNode.error("needs at least one stage") }
        var stages: [LoadShape.Stage] = []
        for item in items {
            let stage = try item.mapping(allowedKeys: ["duration", "at_least", "level"])
            let durationNode = try stage.required("duration")
            let length: LoadShape.Length
            if try durationNode.string() == "scenario" {
                let atLeast =
                    try stage["at_least"].map { node throws(ConfigError) in
                        try LoadModelParser.positiveDuration(node)
                    } ?? 0
                length = .scenario(atLeast: atLeast)
            } else {
                if let atLeast = stage["at_least"] {
                    throw atLeast.error("at_least applies only to a stage whose duration is 'scenario'")
                }
                length = .fixed(try LoadModelParser.positiveDuration(durationNode))
            }
            stages.append(
                LoadShape.Stage(length: length, level: try stage.required("level").loadLevel(allowZero: true))
            )
        }
        return LoadShape(start: start, stages: stages)
    }
}
