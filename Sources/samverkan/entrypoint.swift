import App
import Foundation
import Logging
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        try bootstrapLogging(&env)
        let app = try await Application.make(env)
        // A command that cannot do what was asked says why in one line and exits with 1,
        // instead of crashing with a backtrace.
        do {
            try await configure(app)
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            exit(1)
        }
        do {
            try await app.execute()
            await stopGracefully(app)
        } catch {
            // `execute` has logged it already.
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
