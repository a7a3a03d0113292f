import BarrageTarget
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct TargetConfigurationTests {
    @Test func nonLoopbackHostsAreRefusedUnlessAllowed() async throws {
        await #expect(throws: TargetError.nonLoopbackHost("0.0.0.0")) {
            _ = try await TargetServer.start(
                TargetConfiguration(host: "0.0.0.0", httpPort: 0, wsPort: 0, tcpPort: 0, udpPort: 0)
            )
        }
        #expect(TargetConfiguration.isLoopback("127.0.0.1"))
        #expect(TargetConfiguration.isLoopback("127.8.9.10"))
        #expect(TargetConfiguration.isLoopback("::1"))
        #expect(TargetConfiguration.isLoopback("localhost"))
        #expect(!TargetConfiguration.isLoopback("10.0.0.1"))
        #expect(!TargetConfiguration.isLoopback("example.com"))
        var allowed = TargetConfiguration(host: "0.0.0.0", allowNonLoopback: true)
        allowed.httpPort = 0
        #expect(throws: Never.self) { try allowed.validate() }
    }

    @Test func invalidPortsAndThreadsAreRefused() {
        #expect(throws: TargetError.invalidPort(.tcp, 70_000)) { try TargetConfiguration(tcpPort: 70_000).validate() }
        #expect(throws: TargetError.invalidThreadCount(0)) { try TargetConfiguration(threads: 0).validate() }
    }

    @Test func portZeroPicksFreePortsReportedAsOneJSONLine() async throws {
        try await withTarget { server in
            let ports = server.ports
            #expect(ports.http > 0 && ports.ws > 0 && ports.tcp > 0 && ports.udp > 0)
            #expect(Set([ports.http, ports.ws, ports.tcp]).count == 3)
            #expect(
                ports.jsonLine
                    == #"{"host":"127.0.0.1","http":\#(ports.http),"ws":\#(ports.ws),"tcp":\#(ports.tcp),"udp":\#(ports.udp)}"#
            )
        }
    }

    @Test func aPortInUseFailsWithAnActionableError() async throws {
        try await withTarget { server in
            let taken = TargetConfiguration(httpPort: server.ports.http, wsPort: 0, tcpPort: 0, udpPort: 0, threads: 1)
            do {
                _ = try await TargetServer.start(taken)
                Issue.record("binding a port in use should fail")
            } catch let error as TargetError {
                guard case .bindFailed(.http, _, let port, _) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(port == server.ports.http)
                #expect(error.description.contains("--http"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func stopClosesOpenConnections() async throws {
        let server = try await TargetServer.start(.ephemeral())
        let socket = try await TestSocket.connect(port: server.ports.tcp)
        try await server.stop()
        _ = try await socket.waitForClose(timeout: .seconds(2))
    }
}
