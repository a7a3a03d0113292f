import BarrageConfig
import BarrageCore
import BarragePostgres
import Testing

@Suite(.timeLimit(.minutes(1)))
struct StepParsingTests {
    func loadError(in yaml: String) -> ConfigError? {
        do {
            _ = try PostgresRunHarness.plan(yaml)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            return nil
        }
    }

    @Test func anUnknownFieldNamesItsLocationFieldPathAndTheNearestField() throws {
        let error = try #require(
            loadError(
                in: """
                    scenarios:
                      s:
                        load: {model: per-user-iterations, users: 1, iterations: 1}
                        flow:
                          - postgres:
                              dsn: "host=127.0.0.1"
                              querry: "SELECT 1"
                    """
            )
        )
        #expect(error.location.line == 7)
        #expect(error.location.column == 11)
        #expect(error.path.hasSuffix("postgres.querry"))
        #expect(error.description.contains("query"))
    }

    @Test func aStepNeedsExactlyOneOfQueryTransactionOrPipeline() throws {
        let error = try #require(
            loadError(
                in: """
                    scenarios:
                      s:
                        load: {model: per-user-iterations, users: 1, iterations: 1}
                        flow: [{postgres: {query: "SELECT 1", pipeline: ["SELECT 2"]}}]
                    """
            )
        )
        #expect(error.message.contains("exactly one of query, transaction or pipeline"))
    }

    @Test func badSQLStateAndPipelineCountAreRejectedWhereWritten() throws {
        let sqlstate = try #require(
            loadError(
                in: """
                    scenarios:
                      s:
                        load: {model: per-user-iterations, users: 1, iterations: 1}
                        flow: [{postgres: {query: "SELECT 1", expect: {sqlstate: "235"}}}]
                    """
            )
        )
        #expect(sqlstate.path.hasSuffix("expect.sqlstate"))
        let count = try #require(
            loadError(
                in: """
                    scenarios:
                      s:
                        load: {model: per-user-iterations, users: 1, iterations: 1}
                        flow: [{postgres: {pipeline: {query: "SELECT 1", count: 0}}}]
                    """
            )
        )
        #expect(count.path.hasSuffix("pipeline.count"))
    }

    @Test func aMalformedConnectionStringIsAnErrorThatNeverShowsThePassword() throws {
        let error = try #require(
            loadError(
                in: """
                    scenarios:
                      s:
                        load: {model: per-user-iterations, users: 1, iterations: 1}
                        flow: [{postgres: {dsn: "host=127.0.0.1 password=hunter2 user", query: "SELECT 1"}}]
                    """
            )
        )
        #expect(error.path.hasSuffix("postgres.dsn"))
        #expect(error.message.contains("invalid connection string"))
        #expect(!error.description.contains("hunter2"))
    }

    @Test func settingsDescribeThemselvesWithoutThePassword() throws {
        let plan = try PostgresRunHarness.plan(
            """
            scenarios:
              s:
                load: {model: per-user-iterations, users: 1, iterations: 1}
                flow: [{postgres: {host: db, port: 6543, user: u, password: hunter2, query: "SELECT $1", params: [7]}}]
            """
        )
        let step = try #require(plan.scenarios[0].flow[0].definition as? PostgresStep)
        #expect(step.connection.description == "host=db port=6543 user=u")
        #expect(!"\(step)".contains("hunter2"))
        #expect(step.statementCount == 1)
    }

    @Test func anAdHocURLBecomesAQueryStep() throws {
        let step = try PostgresClientFactory().adHocStep(
            AdHocRequest(protocolName: "postgres", url: "postgres://bench:pw@127.0.0.1:5432/bench", send: "SELECT 1")
        )
        let postgres = try #require(step as? PostgresStep)
        guard case .query(let statement) = postgres.action else {
            Issue.record("expected a query step")
            return
        }
        #expect(statement.text == "SELECT 1")
        #expect(postgres.connection.description == "dsn")
    }
}
