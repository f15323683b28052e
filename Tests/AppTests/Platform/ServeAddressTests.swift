@testable import App
import Testing
import Vapor

/// Links in mail follow the address `serve` listens on (issue 12, item 4).
@Suite struct ServeAddressTests {
    private func address(_ arguments: [String]) throws -> ServeAddress {
        var configuration = HTTPServer.Configuration()
        configuration.hostname = "127.0.0.1"
        configuration.port = 8080
        return try ServeAddress(arguments: CommandInput(arguments: ["samverkan", "serve"] + arguments), configuration: configuration)
    }

    @Test func theOptionsOfServeOverrideTheConfiguredAddress() throws {
        #expect(try address([]).url == "http://127.0.0.1:8080")
        #expect(try address(["--port", "8092"]).url == "http://127.0.0.1:8092")
        #expect(try address(["-p", "8093", "--hostname", "0.0.0.0"]).url == "http://localhost:8093")
        #expect(try address(["--bind", "10.0.0.5:9000"]).url == "http://10.0.0.5:9000")
        #expect(try address(["--hostname", "::1", "--port", "81"]).url == "http://[::1]:81")
        #expect(try address(["--env", "production", "--port", "8094"]).url == "http://127.0.0.1:8094")
    }

    @Test func aGivenPublicAddressLosesItsTrailingSlash() {
        #expect(ServeAddress.trimmed(" https://samverkan.example.se/ ") == "https://samverkan.example.se")
        #expect(ServeAddress.trimmed("https://x.se") == "https://x.se")
    }
}
