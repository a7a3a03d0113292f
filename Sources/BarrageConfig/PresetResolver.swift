import BarrageCore
import Foundation

/// Test-type presets: a scenario file that says `extends: stress` (or is run with `--profile stress`) takes
/// the preset's sections (a load `shape`, `thresholds`, `stress`/`spike`/`endurance` settings) under its own.
///
/// A preset is a YAML file with the same top-level fields as a scenario file, but no scenarios. Merging: a
/// field the scenario file sets wins; mappings merge key by key; `thresholds` add up (the preset's first, then
/// the file's). A preset may extend another; a cycle is an error.
///
/// Where a preset named `stress` is found, first match wins: `$BARRAGE_PRESETS` (a folder, or several separated
/// by `:`), `config/` in the working directory, then `config/` and `share/barrage/config/` in the folders above
/// the `barrage` executable (a checkout's `.build/release/barrage` finds the checkout's `config/`). A name with
/// a `/` or ending in `.yaml` is a path, relative to the file that names it.
public struct PresetResolver: Sendable {
    /// Folders searched for a preset name, in order.
    public var searchFolders: [String]

    /// A resolver searching `searchFolders`.
    public init(searchFolders: [String]) {
        self.searchFolders = searchFolders
    }

    /// The standard search folders, from the environment and the executable's location.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> PresetResolver {
        var folders: [String] = []
        if let list = environment["BARRAGE_PRESETS"] {
            folders += list.split(separator: ":").map(String.init)
        }
        folders.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("config"))
        if let executable = Bundle.main.executablePath {
            var folder = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            for _ in 0..<5 {
                folders.append((folder as NSString).appendingPathComponent("config"))
                folders.append((folder as NSString).appendingPathComponent("share/barrage/config"))
                let parent = (folder as NSString).deletingLastPathComponent
                if parent == folder { break }
                folder = parent
            }
        }
        var seen = Set<String>()
        return PresetResolver(searchFolders: folders.filter { seen.insert($0).inserted })
    }

    /// The names of the presets found in the search folders.
    public var availablePresets: [String] {
        var names = Set<String>()
        for folder in searchFolders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files where file.hasSuffix(".yaml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// `root` with every preset it extends (and `profile`, from `--profile`, applied last among them) merged in,
    /// the `extends` field removed, and `test_type` set to the preset's name unless a file sets it.
    public func resolve(_ root: ConfigNode, directory: String, profile: String? = nil) throws(ConfigError) -> ConfigNode
    {
        var names: [(name: String, node: ConfigNode?, directory: String)] = []
        if case .mapping(let entries) = root.value, let extends = entries.first(where: { $0.key == "extends" })?.value {
            for node in try Self.names(extends) { names.append((try node.string(), node, directory)) }
        }
        if let profile { names.append((profile, nil, FileManager.default.currentDirectoryPath)) }
        var merged: ConfigNode?
        var testType: String?
        for entry in names {
            var visiting: [String] = []
            let preset = try load(entry.name, from: entry.node, directory: entry.directory, visiting: &visiting)
            merged = merged.map { Self.merge(base: $0, over: preset) } ?? preset
            testType = ((entry.name as NSString).lastPathComponent as NSString).deletingPathExtension
        }
        var result = merged.map { Self.merge(base: $0, over: Self.removing("extends", from: root)) } ?? root
        if let testType, !result.keys.contains("test_type") {
            result = Self.adding("test_type", .scalar(testType, isQuoted: true), to: result)
        }
        return result
    }

    private func load(
        _ name: String,
        from node: ConfigNode?,
        directory: String,
        visiting: inout [String]
    ) throws(ConfigError) -> ConfigNode {
        let path = try locate(name, from: node, directory: directory)
        let standardized = (path as NSString).standardizingPath
        if visiting.contains(standardized) {
            throw node?.error(
                "presets extend each other in a cycle: \((visiting + [standardized]).joined(separator: " → "))"
            )
                ?? ConfigError(
                    location: .commandLine,
                    path: "--profile",
                    message: "presets extend each other in a cycle"
                )
        }
        visiting.append(standardized)
        let preset = try YAMLSource.load(path: path)
        guard case .mapping(let entries) = preset.value else {
            throw preset.error("a preset must be a mapping of scenario-file fields, found \(preset.kindDescription)")
        }
        if let scenarios = entries.first(where: { $0.key == "scenarios" }) {
            throw ConfigError(
                location: scenarios.keyLocation,
                path: "scenarios",
                message: "a preset holds no scenarios: it wraps the scenarios of the file that extends it"
            )
        }
        guard let extends = entries.first(where: { $0.key == "extends" })?.value else { return preset }
        var merged: ConfigNode?
        let folder = (path as NSString).deletingLastPathComponent
        for parentNode in try Self.names(extends) {
            let parent = try load(try parentNode.string(), from: parentNode, directory: folder, visiting: &visiting)
            merged = merged.map { Self.merge(base: $0, over: parent) } ?? parent
        }
        let own = Self.removing("extends", from: preset)
        return merged.map { Self.merge(base: $0, over: own) } ?? own
    }

    private func locate(_ name: String, from node: ConfigNode?, directory: String) throws(ConfigError) -> String {
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = name.hasPrefix("/") ? name : (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else {
                throw problem("no preset file '\(path)'", node: node)
            }
            return path
        }
        for folder in searchFolders {
            let path = (folder as NSString).appendingPathComponent("\(name).yaml")
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        let known = availablePresets
        let hint = ConfigSuggestion.nearest(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
        let list = known.isEmpty ? "no presets were found" : "presets: \(known.joined(separator: ", "))"
        throw problem(
            "no preset named '\(name)'; \(hint)\(list) (searched \(searchFolders.joined(separator: ", ")); "
                + "set BARRAGE_PRESETS to add a folder)",
            node: node
        )
    }

    private func problem(_ message: String, node: ConfigNode?) -> ConfigError {
        node?.error(message) ?? ConfigError(location: .commandLine, path: "--profile", message: message)
    }

    private static func names(_ node: ConfigNode) throws(ConfigError) -> [ConfigNode] {
        if case .sequence(let items) = node.value { return items }
        return [node]
    }

    /// `over` merged onto `base`: `over`'s fields win, mappings merge by key, top-level `thresholds` add up.
    static func merge(base: ConfigNode, over: ConfigNode, depth: Int = 0) -> ConfigNode {
        guard case .mapping(let baseEntries) = base.value, case .mapping(let overEntries) = over.value else {
            return over
        }
        var entries = baseEntries
        for entry in overEntries {
            guard let index = entries.firstIndex(where: { $0.key == entry.key }) else {
                entries.append(entry)
                continue
            }
            let existing = entries[index].value
            if depth == 0, entry.key == "thresholds", case .sequence(let first) = existing.value,
                case .sequence(let second) = entry.value.value
            {
                entries[index] = (
                    entry.key, entry.keyLocation,
                    ConfigNode(.sequence(first + second), location: entry.value.location, path: entry.value.path)
                )
            } else {
                entries[index] = (
                    entry.key, entry.keyLocation, merge(base: existing, over: entry.value, depth: depth + 1)
                )
            }
        }
        return ConfigNode(.mapping(entries), location: over.location, path: over.path)
    }

    private static func removing(_ key: String, from node: ConfigNode) -> ConfigNode {
        guard case .mapping(let entries) = node.value else { return node }
        return ConfigNode(.mapping(entries.filter { $0.key != key }), location: node.location, path: node.path)
    }

    private static func adding(_ key: String, _ value: ConfigNode.Value, to node: ConfigNode) -> ConfigNode {
        guard case .mapping(var entries) = node.value else { return node }
        entries.append((key, node.location, ConfigNode(value, location: node.location, path: key)))
        return ConfigNode(.mapping(entries), location: node.location, path: node.path)
    }
}
