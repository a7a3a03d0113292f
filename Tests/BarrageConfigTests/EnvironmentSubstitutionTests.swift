import BarrageConfig
import BarrageCore
import Testing

struct EnvironmentSubstitutionTests {
    let here = SourceLocation(file: "s.yaml", line: 2, column: 9)

    @Test func upperCaseNamesComeFromTheEnvironmentOrTheirDefault() throws {
        let environment = ["TCP_PORT": "9100"]
        #expect(
            try EnvironmentSubstitution.apply(
                to: "127.0.0.1:${TCP_PORT}",
                location: here,
                path: "a",
                environment: environment
            ) == "127.0.0.1:9100"
        )
        #expect(
            try EnvironmentSubstitution.apply(
                to: "${HOST:-localhost}:${TCP_PORT:-1}",
                location: here,
                path: "a",
                environment: environment
            ) == "localhost:9100"
        )
    }

    @Test func lowerCaseNamesAreLeftForPerUserVariables() throws {
        #expect(
            try EnvironmentSubstitution.apply(
                to: "user-${vu}-${iteration}",
                location: here,
                path: "a",
                environment: [:]
            ) == "user-${vu}-${iteration}"
        )
    }

    @Test func anUnsetVariableIsAnErrorNamingIt() {
        #expect {
            try EnvironmentSubstitution.apply(
                to: "${API_TOKEN}",
                location: here,
                path: "scenarios.a.flow[0].tcp.send",
                environment: [:]
            )
        } throws: { error in
            (error as? ConfigError)?.description
                == "s.yaml:2:9: scenarios.a.flow[0].tcp.send: environment variable API_TOKEN is not set; export it or write ${API_TOKEN:-default}"
        }
    }
}
