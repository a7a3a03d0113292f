import BarrageCore
import BarrageMetrics
import BarrageTarget
import Foundation
import Testing

/// `--monitor-pid` and `--monitor-cgroup`: a real process's and a real cgroup's CPU and memory, sampled every
/// second into result.json, and clear errors for what cannot be watched.
@Suite(.timeLimit(.minutes(1)))
struct MonitorOptionTests {
    /// The cgroup v2 directory of this test process (from /proc/self/cgroup and the cgroup2 mount), when readable.
    static let ownCgroup: String? = {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
            let line = membership.split(separator: "\n").first(where: { $0.hasPrefix("0::") }),
            let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8),
            let mount = mounts.split(separator: "\n").map({ $0.split(separator: " ") }).first(where: {
                $0.count > 2 && $0[2] == "cgroup2"
            })
        else { return nil }
        let path = String(mount[1]) + String(line.dropFirst(3))
        let directory = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        return (try? CgroupMonitor(path: directory)) == nil ? nil : directory
    }()

    @Test func monitorPIDSamplesARealProcessIntoResultJSON() async throws {
        // A process holding 64 MiB it has written to, so that it is resident.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", "import time; b = bytearray(64 << 20); time.sleep(30)"]
        try holder.run()
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        // Wait (bounded) until the allocation is resident.
        for _ in 0..<50 {
            if (ProcessMonitor(pid: holder.processIdentifier).sample()["memory"]?["rss"] ?? 0) > 64 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let server = try await TargetServer.start(.ephemeral())
        let folder = CLIHarness.temporaryFolder()
        var arguments = [
            "run", "--url", "tcp://127.0.0.1:\(server.ports.tcp)", "--send", "x\\n", "--duration", "3s", "--quiet",
            "--workers", "1", "--out", folder, "--monitor-pid", "\(holder.processIdentifier)",
        ]
        if let cgroup = Self.ownCgroup { arguments += ["--monitor-cgroup", cgroup] }
        let outcome = await CLIHarness.run(arguments)
        try await server.stop()
        #expect(outcome.status == 0, "\(outcome.err)")
        let result = try RunResult.read(path: "\(folder)/result.json")
        let monitors = try #require(result.monitors)
        let process = "process \(holder.processIdentifier) (python3)"
        let memory = try #require(monitors.first { $0.source == process && $0.name == "memory" })
        #expect(memory.unit == "MiB")
        #expect(memory.points.count >= 2)
        #expect(memory.points.allSatisfy { ($0.values["rss"] ?? 0) >= 64 })
        #expect(monitors.contains { $0.source == process && $0.name == "cpu" && !$0.points.isEmpty })
        // The monitor series reach monitors.csv too.
        let csv = try String(contentsOfFile: "\(folder)/monitors.csv", encoding: .utf8)
        #expect(csv.contains("\(process),memory,MiB,rss,"))
        if let cgroup = Self.ownCgroup {
            let cpu = try #require(monitors.first { $0.source == "cgroup \(cgroup)" && $0.name == "cpu" })
            // This process runs the load inside that cgroup: its CPU is above zero.
            #expect(cpu.points.contains { ($0.values["cpu"] ?? 0) > 0 })
        }
    }

    @Test(.enabled(if: ownCgroup != nil, "this process's cgroup v2 directory cannot be read"))
    func cgroupMonitorReadsCPUAndWhateverMemoryTheCgroupHas() throws {
        let path = try #require(Self.ownCgroup)
        let monitor = try CgroupMonitor(path: path)
        monitor.start()
        var spin = 0.0
        for index in 0..<2_000_000 { spin += Double(index).squareRoot() }
        #expect(spin > 0)
        let values = monitor.sample()
        #expect(monitor.hasCPU == FileManager.default.isReadableFile(atPath: path + "/cpu.stat"))
        #expect(monitor.hasMemory == FileManager.default.isReadableFile(atPath: path + "/memory.current"))
        if monitor.hasCPU { #expect((values["cpu"]?["cpu"] ?? 0) > 0) }
        if monitor.hasMemory { #expect((values["memory"]?["current"] ?? 0) > 0) }
    }

    @Test func aProcessThatDoesNotExistOrADirectoryThatIsNotACgroupIsBadInput() async throws {
        // A pid that just exited (and was reaped) belongs to nobody.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let pid = gone.processIdentifier
        let missing = await CLIHarness.run(["run", "--url", "tcp://127.0.0.1:1", "--monitor-pid", "\(pid)"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("--monitor-pid \(pid): no such process"))

        let plain = CLIHarness.temporaryFolder()
        let notCgroup = await CLIHarness.run(["run", "--url", "tcp://127.0.0.1:1", "--monitor-cgroup", plain])
        #expect(notCgroup.status == 2)
        #expect(notCgroup.err.contains("--monitor-cgroup \(plain): not a cgroup v2 directory"))
        let nowhere = await CLIHarness.run(["run", "--url", "tcp://127.0.0.1:1", "--monitor-cgroup", plain + "/none"])
        #expect(nowhere.err.contains("no such directory"))
    }
}
