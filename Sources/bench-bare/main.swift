import Foundation
import Vapor

/// A Vapor application with no middleware and one route, `/bare`, that returns the bytes of the
/// file named by `SAMVERKAN_BENCH_BARE_FILE`: the framework's own floor, which the benchmark
/// scripts compare the app's bare route with (`bench_floor` in scripts/bench-lib.sh).
@main
enum BenchBare {
    static func main() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        app.middleware = .init()
        let bytes = ByteBuffer(data: FileManager.default.contents(atPath: Environment.get("SAMVERKAN_BENCH_BARE_FILE") ?? "") ?? Data())
        app.get("bare") { _ in
            Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(buffer: bytes))
        }
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
