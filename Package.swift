// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "samverkan",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    ],
    targets: [
        // Domain rules without Vapor: the agreement file format, validation, passwords.
        .target(
            name: "SamverkanCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "App",
            dependencies: [
                "SamverkanCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
            ]
        ),
        .executableTarget(name: "samverkan", dependencies: ["App"]),
        // The framework's floor for the benchmark scripts: Vapor with one route and no middleware.
        .executableTarget(name: "bench-bare", dependencies: [.product(name: "Vapor", package: "vapor")]),
        .testTarget(name: "SamverkanCoreTests", dependencies: ["SamverkanCore"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "SamverkanCore",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            ]
        ),
    ]
)
