import BarrageCore
import Foundation
import Testing

@testable import BarrageConfig

struct PresetResolverTests {
    static func folder(_ files: [String: String]) -> String {
        let folder = NSTemporaryDirectory() + "barrage-presets-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(text.utf8))
        }
        return folder
    }

    static func strings(_ node: ConfigNode?) -> [String] {
        guard let node, case .sequence(let items) = node.value else { return [] }
        return items.compactMap { try? $0.string() }
    }

    @Test func theFileWinsMappingsMergeAndThresholdsAddUp() throws {
        let presets = Self.folder([
            "base.yaml": """
            description: from the preset
            thresholds: [error_rate < 1%]
            stress: {growth: 2, step: 10s, slo: [p95 < 500ms]}
            """
        ])
        let root = try YAMLSource.parse(
            """
            extends: base
            thresholds: [p95 < 200ms]
            stress: {step: 3s}
            scenarios: {}
            """,
            file: "mine.yaml"
        )
        let merged = try PresetResolver(searchFolders: [presets]).resolve(root, directory: ".")
        let document = try merged.mapping(allowedKeys: merged.keys)
        #expect(!document.keys.contains("extends"))
        #expect(try document["description"]?.string() == "from the preset")
        #expect(try document["test_type"]?.string() == "base")
        #expect(Self.strings(document["thresholds"]) == ["error_rate < 1%", "p95 < 200ms"])
        let stress = try #require(document["stress"]).mapping(allowedKeys: ["growth", "step", "slo"])
        #expect(try stress["step"]?.string() == "3s", "the file's value wins")
        #expect(try stress["growth"]?.string() == "2", "the preset's other fields stay")
        #expect(stress["step"]?.location.file == "mine.yaml", "errors point at the file that wrote the value")
    }

    @Test func aProfileAppliesAfterWhatTheFileExtendsAndPresetsChain() throws {
        let presets = Self.folder([
            "a.yaml": "test_type: a\nshape: {stages: [{duration: 1s, level: 1}]}\nthresholds: [p95 < 1s]",
            "b.yaml": "extends: a\nthresholds: [p99 < 2s]",
            "c.yaml": "thresholds: [error_rate == 0]",
        ])
        let root = try YAMLSource.parse("extends: b\nscenarios: {}", file: "mine.yaml")
        let merged = try PresetResolver(searchFolders: [presets]).resolve(root, directory: ".", profile: "c")
        let document = try merged.mapping(allowedKeys: merged.keys)
        #expect(Self.strings(document["thresholds"]) == ["p95 < 1s", "p99 < 2s", "error_rate == 0"])
        #expect(try document["test_type"]?.string() == "a", "a preset's own test_type is kept")
        #expect(document["shape"] != nil)
    }

    @Test func cyclesMissingFilesAndScenariosInPresetsAreErrors() throws {
        let presets = Self.folder([
            "loop1.yaml": "extends: loop2.yaml",
            "loop2.yaml": "extends: loop1.yaml",
            "full.yaml": "scenarios: {s: {}}",
        ])
        let resolver = PresetResolver(searchFolders: [presets])
        let cycle = try YAMLSource.parse("extends: loop1\nscenarios: {}", file: "mine.yaml")
        let cycleError = #expect(throws: ConfigError.self) { _ = try resolver.resolve(cycle, directory: presets) }
        #expect(cycleError?.description.contains("cycle") == true, "\(cycleError?.description ?? "")")
        let missing = try YAMLSource.parse("extends: ./nope.yaml\nscenarios: {}", file: "mine.yaml")
        let missingError = #expect(throws: ConfigError.self) { _ = try resolver.resolve(missing, directory: presets) }
        #expect(missingError?.description.contains("no preset file") == true)
        let full = try YAMLSource.parse("extends: full\nscenarios: {}", file: "mine.yaml")
        let fullError = #expect(throws: ConfigError.self) { _ = try resolver.resolve(full, directory: presets) }
        #expect(fullError?.description.contains("holds no scenarios") == true)
    }
}
