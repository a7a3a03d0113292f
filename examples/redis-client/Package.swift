// swift-tools-version:6.1
import PackageDescription

/// The settings Barrage builds its own targets with, so this client behaves as a built-in one would.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // A VU's calls down to the socket stay on its worker's thread, without a task switch per call.
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

// A third party's protocol for Barrage, as its own package: it depends on Barrage's library products only.
let package = Package(
    name: "barrage-redis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "barrage-redis", targets: ["barrage-redis"]),
        .library(name: "RedisClient", targets: ["RedisClient"]),
    ],
    dependencies: [
        // A user writes `.package(url: "https://…/barrage", from: "…")`; the example builds against this checkout.
        .package(name: "Barrage", path: "../..")
    ],
    targets: [
        // The protocol: a ClientFactory with its Client, step parsing and RESP parser.
        .target(
            name: "RedisClient",
            dependencies: [
                .product(name: "BarrageCore", package: "Barrage"),
                .product(name: "BarrageMetrics", package: "Barrage"),
            ],
            swiftSettings: swiftSettings
        ),
        // The custom command line: Barrage's CLI with the built-in TCP/UDP and HTTP and the Redis protocol.
        .executableTarget(
            name: "barrage-redis",
            dependencies: [
                "RedisClient",
                .product(name: "BarrageCLI", package: "Barrage"),
                .product(name: "BarrageCore", package: "Barrage"),
                .product(name: "BarrageHTTP", package: "Barrage"),
                .product(name: "BarrageSocket", package: "Barrage"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: [
                "RedisClient",
                .product(name: "BarrageCLI", package: "Barrage"),
                .product(name: "BarrageConfig", package: "Barrage"),
                .product(name: "BarrageCore", package: "Barrage"),
                .product(name: "BarrageHTTP", package: "Barrage"),
                .product(name: "BarrageMetrics", package: "Barrage"),
                .product(name: "BarrageSocket", package: "Barrage"),
                .product(name: "BarrageTarget", package: "Barrage"),
                .product(name: "BarrageTesting", package: "Barrage"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
