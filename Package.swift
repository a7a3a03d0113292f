// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target, so that every module is built the same way.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Nonisolated async functions run on their caller's executor: a VU's calls down to the socket stay on its
    // worker without a task switch per call (measured: 9–11 switches per round trip without it, 3 with it).
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "Barrage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "barrage", targets: ["barrage"]),
        .library(name: "BarrageCore", targets: ["BarrageCore"]),
        .library(name: "BarrageMetrics", targets: ["BarrageMetrics"]),
        .library(name: "BarrageConfig", targets: ["BarrageConfig"]),
        .library(name: "BarrageCLI", targets: ["BarrageCLI"]),
        .library(name: "BarrageTarget", targets: ["BarrageTarget"]),
        .library(name: "BarrageSocket", targets: ["BarrageSocket"]),
        .library(name: "BarrageReport", targets: ["BarrageReport"]),
        .library(name: "BarrageAlerting", targets: ["BarrageAlerting"]),
        .library(name: "BarrageTestTypes", targets: ["BarrageTestTypes"]),
        .library(name: "BarrageTesting", targets: ["BarrageTesting"]),
        .library(name: "BarrageHTTP", targets: ["BarrageHTTP"]),
        .library(name: "BarragePostgres", targets: ["BarragePostgres"]),
        .library(name: "BarrageWebSocket", targets: ["BarrageWebSocket"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libuv: the event loop every Worker runs (Debian's libuv1-dev).
        .systemLibrary(
            name: "CLibUV",
            path: "Sources/CLibUV",
            pkgConfig: "libuv",
            providers: [.apt(["libuv1-dev"])]
        ),
        .target(
            name: "BarrageMetrics",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BarrageCore",
            dependencies: [
                "CLibUV",
                "BarrageMetrics",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BarrageConfig",
            dependencies: ["BarrageCore", "BarrageMetrics", "Yams"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BarrageTarget",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Reports: JSON, CSV, HTML with charts, Markdown and JUnit, all read from a RunResult.
        .target(
            name: "BarrageReport",
            dependencies: [
                "BarrageMetrics",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The conformance kit every client (built-in or third-party) runs in its tests.
        .target(
            name: "BarrageTesting",
            dependencies: ["BarrageCore", "BarrageMetrics"],
            swiftSettings: swiftSettings
        ),
        // Raw TCP and UDP: the first protocol client, its own target like every protocol.
        .target(
            name: "BarrageSocket",
            dependencies: ["BarrageCore", "BarrageMetrics", "CLibUV"],
            path: "protocols/Socket",
            swiftSettings: swiftSettings
        ),
        // libpq: PostgreSQL's C client (Debian's libpq-dev; headers in /usr/include/postgresql).
        .systemLibrary(
            name: "CLibPQ",
            path: "protocols/Postgres/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // PostgreSQL on libpq's non-blocking API, driven by the worker's loop.
        .target(
            name: "BarragePostgres",
            dependencies: ["BarrageCore", "BarrageMetrics", "CLibPQ"],
            path: "protocols/Postgres",
            exclude: ["CLibPQ"],
            swiftSettings: swiftSettings
        ),
        // libcurl: the HTTP client's engine (Debian's libcurl4-openssl-dev), with typed shims for its variadic calls.
        .systemLibrary(
            name: "CCurl",
            path: "protocols/HTTP/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // HTTP/1.1 and HTTP/2 over libcurl's multi_socket API, driven by each worker's libuv loop.
        .target(
            name: "BarrageHTTP",
            dependencies: ["BarrageCore", "BarrageMetrics", "CLibUV", "CCurl"],
            path: "protocols/HTTP",
            exclude: ["CCurl"],
            swiftSettings: swiftSettings
        ),
        // Thresholds and alert channels (Slack, webhook, email, console). It uses libcurl's C module directly for
        // its HTTP POSTs and SMTP (blocking easy transfers on a channel's own thread), never the HTTP client target.
        .target(
            name: "BarrageAlerting",
            dependencies: ["BarrageCore", "BarrageMetrics", "CCurl"],
            swiftSettings: swiftSettings
        ),
        // Test types that act during a run: the stress search (breaking point, recovery) and the spike test.
        .target(
            name: "BarrageTestTypes",
            dependencies: ["BarrageCore", "BarrageMetrics", "BarrageAlerting"],
            swiftSettings: swiftSettings
        ),
        // libwebsockets 4.1 (Debian's libwebsockets-dev, with its libuv event-library plugin), with a shim for its macros.
        .systemLibrary(
            name: "CLibWebSockets",
            path: "protocols/WebSocket/CLibWebSockets",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev"])]
        ),
        // WebSocket (ws://, wss://) on libwebsockets, running on each worker's libuv loop as a foreign loop.
        .target(
            name: "BarrageWebSocket",
            dependencies: ["BarrageCore", "BarrageMetrics", "CLibUV", "CLibWebSockets"],
            path: "protocols/WebSocket",
            exclude: ["CLibWebSockets"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BarrageCLI",
            dependencies: [
                "BarrageCore",
                "BarrageMetrics",
                "BarrageConfig",
                "BarrageAlerting",
                "BarrageTestTypes",
                "BarrageTarget",
                "BarrageReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "barrage",
            dependencies: [
                "BarrageCLI", "BarrageCore", "BarrageSocket", "BarrageHTTP", "BarragePostgres", "BarrageWebSocket",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageMetricsTests",
            // hdrhistogram-swift is the reference the metrics' own HDR counts are checked against.
            dependencies: ["BarrageMetrics", .product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageReportTests",
            dependencies: ["BarrageReport", "BarrageMetrics", "BarrageTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageCoreTests",
            dependencies: ["BarrageCore", "BarrageMetrics"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageConfigTests",
            dependencies: ["BarrageConfig", "BarrageCore", "BarrageMetrics", "BarrageSocket", "BarrageTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageSocketTests",
            dependencies: [
                "BarrageSocket", "BarrageCore", "BarrageMetrics", "BarrageConfig", "BarrageTarget", "BarrageTesting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarragePostgresTests",
            dependencies: [
                "BarragePostgres", "BarrageCore", "BarrageMetrics", "BarrageConfig", "BarrageTesting",
                // The mixed-journey example crosses HTTP, WebSocket and PostgreSQL against the embedded target.
                "BarrageHTTP", "BarrageWebSocket", "BarrageTarget",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageHTTPTests",
            dependencies: [
                "BarrageHTTP", "BarrageCore", "BarrageMetrics", "BarrageConfig", "BarrageTarget", "CCurl",
                "BarrageTesting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageWebSocketTests",
            dependencies: [
                "BarrageWebSocket", "BarrageCore", "BarrageMetrics", "BarrageConfig", "BarrageTarget", "BarrageTesting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageTargetTests",
            dependencies: [
                "BarrageTarget",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageAlertingTests",
            dependencies: [
                "BarrageAlerting", "BarrageCore", "BarrageMetrics", "BarrageConfig", "BarrageCLI", "BarrageSocket",
                "BarrageTarget", "BarrageTesting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageTestTypesTests",
            dependencies: [
                "BarrageTestTypes", "BarrageCore", "BarrageMetrics", "BarrageConfig", "BarrageAlerting",
                "BarrageSocket",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BarrageCLITests",
            dependencies: [
                "BarrageCLI", "BarrageCore", "BarrageMetrics", "BarrageSocket", "BarrageTarget", "BarrageConfig",
                "BarrageTesting",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
