import Vapor

/// Where `serve` listens, read from its options (`--hostname`, `--port`, `--bind`) as Vapor's
/// `ServeCommand` will read them, over the configured defaults. Links in mail are made from it
/// unless `PUBLIC_BASE_URL` names the site's address.
struct ServeAddress: Equatable {
    let hostname: String
    let port: Int

    init(hostname: String, port: Int) {
        self.hostname = hostname
        self.port = port
    }

    /// The address from the command line's options, without consuming them (`serve` reads them
    /// again); what they leave out comes from `configuration`.
    init(arguments input: CommandInput, configuration: HTTPServer.Configuration) throws {
        var input = input
        let signature = try Options(from: &input)
        var hostname = signature.hostname ?? configuration.hostname
        var port = signature.port ?? configuration.port
        if let bind = signature.bind {
            let parts = bind.split(separator: ":", maxSplits: 1)
            hostname = parts.first.map(String.init) ?? hostname
            port = parts.count > 1 ? Int(parts[1]) ?? port : port
        }
        self.init(hostname: hostname, port: port)
    }

    /// The options of Vapor's `ServeCommand` that name the address (its own are internal).
    private struct Options: CommandSignature {
        @Option(name: "hostname", short: "H") var hostname: String?
        @Option(name: "port", short: "p") var port: Int?
        @Option(name: "bind", short: "b") var bind: String?
        init() {}
    }

    /// The address a person on this machine types: a server listening on every interface is
    /// reached at `localhost`.
    var url: String {
        let host = ["0.0.0.0", "::", ""].contains(hostname) ? "localhost" : hostname.contains(":") ? "[\(hostname)]" : hostname
        return "http://\(host):\(port)"
    }

    /// `PUBLIC_BASE_URL` without the trailing slash, since paths are appended to it.
    static func trimmed(_ url: String) -> String {
        var url = url.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
