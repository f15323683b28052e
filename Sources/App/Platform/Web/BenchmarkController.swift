import NIOConcurrencyHelpers
import Vapor

/// Only when SAMVERKAN_BENCH_BARE_FILE is set (by scripts/bench-catalogue.sh): a bare route that
/// returns the bytes of that file, so a page's throughput can be reported as a ratio to the
/// ceiling of this stack on this machine, measured in the same run.
struct BenchmarkController: RouteCollection {
    let file: String

    func boot(routes: any RoutesBuilder) throws {
        let bytes = NIOLockedValueBox<ByteBuffer?>(nil)
        let file = self.file
        routes.on(.GET, ["__bench", "bare"], access: .anyone) { _ throws -> Response in
            let body = try bytes.withLockedValue { cached -> ByteBuffer in
                if let cached { return cached }
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                cached = ByteBuffer(data: data)
                return cached!
            }
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(buffer: body))
        }
    }
}
