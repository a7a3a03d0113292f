import BarrageTarget
import Foundation
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct HTTPEndpointTests {
    @Test func rootAnswersASmallPlainTextBody() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let response = try await client.request("GET", "/")
            #expect(response.status == 200)
            #expect(response.text == "barrage target\n")
            #expect(response.headers["content-type"] == "text/plain")
            await client.close()
        }
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            for _ in 0..<200 {
                let response = try await client.request("GET", "/")
                #expect(response.status == 200)
            }
            let stats = try await client.request("GET", "/stats").json
            let http = try #require((stats["listeners"] as? [String: Any])?["http"] as? [String: Any])
            #expect(http["accepted_connections"] as? Int == 1)
            #expect(http["open_connections"] as? Int == 1)
            #expect((stats["requests"] as? [String: Any])?["/"] as? Int == 200)
            await client.close()
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let batch = ["/delay/100", "/status/201", "/delay/10", "/status/202"]
                .map { HTTPTestClient.encode("GET", $0) }.joined()
            try await client.socket.send(batch)
            var statuses: [Int] = []
            var bodies: [String] = []
            for _ in 0..<4 {
                let response = try await client.readResponse()
                statuses.append(response.status)
                bodies.append(response.text)
            }
            #expect(statuses == [200, 201, 200, 202])
            #expect(bodies[0] == #"{"delayed_ms":100}"#)
            #expect(bodies[2] == #"{"delayed_ms":10}"#)
            await client.close()
        }
    }

    @Test func echoReturnsMethodPathQueryHeadersAndBody() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let response = try await client.request(
                "PUT",
                "/echo?a=1&b=two",
                headers: [("X-Probe", "42")],
                body: "hello body"
            )
            #expect(response.status == 200)
            let json = response.json
            #expect(json["method"] as? String == "PUT")
            #expect(json["path"] as? String == "/echo")
            #expect(json["query"] as? String == "a=1&b=two")
            #expect((json["headers"] as? [String: String])?["x-probe"] == "42")
            #expect(json["body"] as? String == "hello body")
            await client.close()
        }
    }

    @Test func statusAnswersTheRequestedCodeAndRejectsInvalidOnes() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            #expect(try await client.request("GET", "/status/503").status == 503)
            #expect(try await client.request("GET", "/status/204").status == 204)
            #expect(try await client.request("GET", "/status/404").status == 404)
            #expect(try await client.request("GET", "/status/abc").status == 400)
            #expect(try await client.request("GET", "/status/99").status == 400)
            await client.close()
        }
    }

    @Test func delayAnswersLateWithoutBlockingOtherConnections() async throws {
        try await withTarget { server in
            let slow = try await HTTPTestClient.connect(port: server.ports.http)
            let fast = try await HTTPTestClient.connect(port: server.ports.http)
            try await slow.socket.send(HTTPTestClient.encode("GET", "/delay/400"))
            let start = ContinuousClock.now
            // One event loop thread: the fast request is only quick if the delay is a timer, not a blocked thread.
            let fastElapsed = try await milliseconds { () async throws in
                #expect(try await fast.request("GET", "/").status == 200)
            }
            #expect(fastElapsed < 200)
            let response = try await slow.readResponse()
            let slowElapsed = (ContinuousClock.now - start).components
            #expect(response.status == 200)
            #expect(slowElapsed.seconds * 1000 + slowElapsed.attoseconds / 1_000_000_000_000_000 >= 380)
            await slow.close()
            await fast.close()
        }
    }

    @Test func bytesAnswersExactlyNBytes() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let response = try await client.request("GET", "/bytes/100000")
            #expect(response.status == 200)
            #expect(response.body.count == 100_000)
            #expect(Set(response.body).count > 200)
            #expect(try await client.request("GET", "/bytes/0").body.isEmpty)
            #expect(try await client.request("GET", "/bytes/-1").status == 400)
            await client.close()
        }
    }

    @Test func loginGivesATokenThatMeAccepts() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let login = try await client.request("POST", "/login", body: #"{"user":"alice","password":"secret"}"#)
            #expect(login.status == 200)
            let token = try #require(login.json["token"] as? String)
            let me = try await client.request("GET", "/me", headers: [("Authorization", "Bearer \(token)")])
            #expect(me.status == 200)
            #expect(me.json["user"] as? String == "alice")
            await client.close()
        }
    }

    @Test func loginWithAWrongPasswordIsUnauthorized() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let wrong = try await client.request("POST", "/login", body: #"{"user":"alice","password":"nope"}"#)
            #expect(wrong.status == 401)
            #expect(try await client.request("POST", "/login", body: "not json").status == 400)
            #expect(try await client.request("GET", "/login").status == 405)
            await client.close()
        }
    }

    @Test func meWithoutAValidTokenIsUnauthorized() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            #expect(try await client.request("GET", "/me").status == 401)
            let forged = try await client.request("GET", "/me", headers: [("Authorization", "Bearer 616c696365.1234")])
            #expect(forged.status == 401)
            await client.close()
        }
    }

    @Test func itemsSupportCreateReadUpdateListAndDelete() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let created = try await client.request("POST", "/items", body: #"{"name":"first"}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers["location"] == "/items/\(id)")
            let read = try await client.request("GET", "/items/\(id)")
            #expect((read.json["data"] as? [String: String])?["name"] == "first")
            let updated = try await client.request("PUT", "/items/\(id)", body: #"{"name":"second"}"#)
            #expect(updated.status == 200)
            #expect((updated.json["data"] as? [String: String])?["name"] == "second")
            _ = try await client.request("POST", "/items", body: "[1,2,3]")
            let list = try await client.request("GET", "/items")
            #expect(list.json["total"] as? Int == 2)
            #expect((list.json["items"] as? [Any])?.count == 2)
            #expect(try await client.request("DELETE", "/items/\(id)").status == 204)
            #expect(try await client.request("GET", "/items/\(id)").status == 404)
            #expect(try await client.request("PUT", "/items/\(id)", body: "{}").status == 404)
            #expect(try await client.request("POST", "/items", body: "{broken").status == 400)
            await client.close()
        }
    }

    @Test func concurrentItemWritesAreAllKept() async throws {
        try await withTarget(threads: 2) { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let client = try await HTTPTestClient.connect(port: server.ports.http)
                        for index in 0..<50 {
                            #expect(try await client.request("POST", "/items", body: "\(index)").status == 201)
                        }
                        await client.close()
                    }
                }
                try await group.waitForAll()
            }
            #expect(server.items.list(limit: 1000).total == 200)
        }
    }

    @Test func statsCountRequestsPerRouteAndOpenConnections() async throws {
        try await withTarget { server in
            let first = try await HTTPTestClient.connect(port: server.ports.http)
            let second = try await HTTPTestClient.connect(port: server.ports.http)
            _ = try await first.request("GET", "/items/1")
            _ = try await first.request("GET", "/items/2")
            _ = try await second.request("GET", "/nowhere")
            let stats = try await first.request("GET", "/stats").json
            let requests = try #require(stats["requests"] as? [String: Int])
            #expect(requests["/items/{id}"] == 2)
            #expect(requests["other"] == 1)
            #expect(requests["/stats"] == 1)
            let http = try #require((stats["listeners"] as? [String: Any])?["http"] as? [String: Int])
            #expect(http["open_connections"] == 2)
            await first.close()
            await second.close()
        }
    }

    @Test func unknownPathsAre404AndWrongMethodsAre405() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            #expect(try await client.request("GET", "/missing").status == 404)
            let wrong = try await client.request("DELETE", "/")
            #expect(wrong.status == 405)
            #expect(wrong.headers["allow"] == "GET")
            await client.close()
        }
    }

    @Test func connectionCloseRequestClosesAfterTheResponse() async throws {
        try await withTarget { server in
            let client = try await HTTPTestClient.connect(port: server.ports.http)
            let response = try await client.request("GET", "/", headers: [("Connection", "close")])
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
            let closed = try await client.socket.waitForClose(timeout: .seconds(2))
            #expect(closed.bytes.isEmpty)
        }
    }
}
