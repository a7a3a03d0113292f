import BarrageConfig
import BarrageCore
import BarrageMetrics
import BarrageTarget
import BarrageTesting
import Foundation
import Testing

/// deploy/kubernetes: the manifests render and validate client-side, and the very command line of the
/// Indexed Job's pods, run as N local processes each in a network namespace of its own (with
/// `JOB_COMPLETION_INDEX` set as Kubernetes sets it) against a target in the root namespace, produces results
/// that the merge Job's command merges into the whole load.
@Suite(.timeLimit(.minutes(2)))
struct KubernetesJobTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let manifests = repository.appendingPathComponent("deploy/kubernetes")

    @Test func theManifestsRenderAndValidateAgainstKubernetesSchemas() throws {
        let rendered = try commandOutput(["kubectl", "kustomize", Self.manifests.path])
        #expect(rendered.status == 0, "\(rendered.output)")
        #expect(rendered.output.contains("completionMode: Indexed"))
        #expect(rendered.output.contains("name: barrage-scenario"))
        let file = CLIHarness.temporaryFolder() + "/rendered.yaml"
        try rendered.output.write(toFile: file, atomically: true, encoding: .utf8)
        let validated = try commandOutput(
            [
                "python3", "-m", "kubernetes_validate", "--strict", "-k", "1.32", file,
                Self.manifests.appendingPathComponent("merge-job.yaml").path,
            ]
        )
        #expect(validated.status == 0, "\(validated.output)")
        #expect(!validated.output.contains("ERROR"), "\(validated.output)")
    }

    @Test func thePodCommandLinesInTheirOwnNetworksMergeIntoTheWholeLoad() async throws {
        guard getuid() == 0 else {
            Issue.record("network namespaces need root (CI runs as root)")
            return
        }
        let segments = 3
        let tag = String(getpid() % 10000)
        let network = NamespaceNetwork(tag: tag, count: segments)
        try network.create()
        defer { network.destroy() }

        var configuration = TargetConfiguration.ephemeral(threads: 1)
        configuration.host = "0.0.0.0"
        configuration.allowNonLoopback = true
        let server = try await TargetServer.start(configuration)
        let folder = CLIHarness.temporaryFolder()
        // The scenario every pod runs; each namespace reaches the target through its own veth address.
        let scenario = folder + "/scenario.yaml"
        try """
        scenarios:
          echo:
            load: {model: per-user-iterations, users: 7, iterations: 30}
            flow:
              - name: echo
                tcp: {address: "${TARGET_HOST}:\(server.ports.tcp)", send: "pod ${vu}\\n", read: line, expect: {regex: "^pod [1-7]$"}}
        """.write(toFile: scenario, atomically: true, encoding: .utf8)

        let podArguments = try Self.podArguments()
        let startAt = RFC3339.format(unixMilliseconds: Int64(WallClock.now() / 1_000_000) + 2500)
        var processes: [Process] = []
        for index in 0..<segments {
            let environment = ["START_AT": startAt, "JOB_COMPLETION_INDEX": String(index)]
            // Only the paths differ from a pod's, and the linger after the run (30 s for a real scrape interval).
            var arguments = podArguments.map { argument in
                Self.expand(argument, environment)
                    .replacingOccurrences(of: "/scenario/scenario.yaml", with: scenario)
                    .replacingOccurrences(of: "/results/", with: folder + "/results/")
            }
            if let linger = arguments.firstIndex(of: "--prometheus-linger") { arguments[linger + 1] = "0s" }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            process.arguments =
                [
                    "netns", "exec", network.namespace(index), "env", "JOB_COMPLETION_INDEX=\(index)",
                    "TARGET_HOST=\(network.hostAddress(index))", try barrageExecutable().path,
                ] + arguments
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        let accepted = server.statistics.snapshot().listeners["tcp"]?.acceptedConnections ?? 0
        try await server.stop()
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })

        // The merge Job's command, with /results as the test's folder.
        let merged = try commandOutput(
            [
                "sh", "-c",
                "\(try barrageExecutable().path) merge \(folder)/results/segment-* --out \(folder)/results/merged",
            ]
        )
        #expect(merged.status == 0, "\(merged.output)")
        let result = try RunResult.read(path: folder + "/results/merged/result.json")
        #expect(result.totalSamples == 210)
        #expect(result.totalFailures == 0)
        #expect(Set(result.environments.map(\.segment)) == ["0/3", "1/3", "2/3"])
        #expect(accepted == 7)
    }

    /// The `args` of the run Job's container.
    static func podArguments() throws -> [String] {
        let root = try YAMLSource.load(path: manifests.appendingPathComponent("run-job.yaml").path)
        let spec = try root.mapping(allowedKeys: root.keys).required("spec")
        let template = try spec.mapping(allowedKeys: spec.keys).required("template")
        let podSpec = try template.mapping(allowedKeys: template.keys).required("spec")
        let containers = try podSpec.mapping(allowedKeys: podSpec.keys).required("containers").sequence()
        let container = try containers[0].mapping(allowedKeys: containers[0].keys)
        var arguments: [String] = []
        for item in try container.required("args").sequence() { arguments.append(try item.string()) }
        return arguments
    }

    /// `$(NAME)` replaced from `environment`, as Kubernetes expands a container's args.
    static func expand(_ text: String, _ environment: [String: String]) -> String {
        var result = text
        for (name, value) in environment { result = result.replacingOccurrences(of: "$(\(name))", with: value) }
        return result
    }
}

/// N network namespaces, each joined to the root namespace by a veth pair on its own /30.
struct NamespaceNetwork {
    let tag: String
    let count: Int

    func namespace(_ index: Int) -> String { "barrage-\(tag)-\(index)" }
    private func hostInterface(_ index: Int) -> String { "bh\(tag)x\(index)" }
    private func podInterface(_ index: Int) -> String { "bp\(tag)x\(index)" }
    /// The root namespace's address on segment `index`'s link: where its pod reaches the target.
    func hostAddress(_ index: Int) -> String { "10.231.\(index).1" }
    private func podAddress(_ index: Int) -> String { "10.231.\(index).2" }

    func create() throws {
        for index in 0..<count {
            let ns = namespace(index)
            for command in [
                ["ip", "netns", "add", ns],
                ["ip", "link", "add", hostInterface(index), "type", "veth", "peer", "name", podInterface(index)],
                ["ip", "link", "set", podInterface(index), "netns", ns],
                ["ip", "addr", "add", "\(hostAddress(index))/30", "dev", hostInterface(index)],
                ["ip", "link", "set", hostInterface(index), "up"],
                ["ip", "-n", ns, "addr", "add", "\(podAddress(index))/30", "dev", podInterface(index)],
                ["ip", "-n", ns, "link", "set", podInterface(index), "up"],
                ["ip", "-n", ns, "link", "set", "lo", "up"],
            ] {
                let outcome = try commandOutput(command)
                if outcome.status != 0 {
                    throw CocoaError(
                        .featureUnsupported,
                        userInfo: [NSLocalizedDescriptionKey: "\(command): \(outcome.output)"]
                    )
                }
            }
        }
    }

    func destroy() {
        for index in 0..<count {
            _ = try? commandOutput(["ip", "link", "del", hostInterface(index)])
            _ = try? commandOutput(["ip", "netns", "del", namespace(index)])
        }
    }
}
