import Testing

/// Every test that uses the shared cluster, one at a time: one of them restarts the server.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PostgresTests {}
