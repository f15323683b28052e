import Fluent
import Foundation
import SamverkanCore
import Vapor

extension DemoData {
    /// Three news items per municipality: two published (one with a list and links), one draft,
    /// each with an illustration of our own (`scripts/make-demo-news-images.py`) and its alt text.
    static func loadNews(municipality m: Municipality, directory: String, files: FileStore?, on tx: any Database, now: Date) async throws {
        guard let files else { return }
        let today = ObligationCheck.localDate(now)
        let slug = m.slug
        let items: [(title: String, summary: String, body: String, image: String, alt: String, days: Int, status: Article.Status)] = [
            ("Välkommen till dialogmötet i vår",
             "Kommunen och föreningslivet ses för att följa upp överenskommelsen. Alla föreningar är välkomna.",
             """
             ## Vad vi ska prata om

             Vi går igenom årets uppföljning av åtagandena och vad som ska hända i handlingsplanen.

             - Hur det har gått med åtagandena
             - Vad föreningarna vill lyfta
             - Nästa steg i handlingsplanen

             Läs [överenskommelsen](/\(slug)/overenskommelse) före mötet, och se alla [möten](/\(slug)/moten).
             """,
             "calendar", "En kalendersida där en dag är markerad", -12, .published),
            ("Fler föreningar har anslutit sig",
             "Under året har nya föreningar skrivit under överenskommelsen. Här är hur det går till att ansluta sig.",
             """
             Varje förening som delar överenskommelsens värderingar kan ansluta sig. Styrelsen fattar beslut, och sedan skickar föreningen in sin anslutning här på webbplatsen.

             ### Så ansluter ni er

             1. Läs överenskommelsen i styrelsen.
             2. Fatta beslut och skriv protokoll.
             3. Skicka in anslutningen.

             Se **alla som har skrivit under** på sidan för [undertecknare](/\(slug)/undertecknare).
             """,
             "people", "Fem stiliserade personer i olika färger står bredvid varandra", -40, .published),
            ("Tyck till om nästa handlingsplan",
             "Ett utkast: inbjudan att lämna synpunkter på handlingsplanen.",
             "Vi vill höra vad föreningarna tycker om nästa handlingsplan. Skriv till oss via [kontaktsidan](/\(slug)/kontakt).",
             "bubble", "En pratbubbla", 0, .draft),
        ]
        var taken: Set<String> = []
        for item in items {
            let path = directory + "Demo/news/\(item.image).png"
            guard let data = FileManager.default.contents(atPath: path), let info = ImageCheck.inspect(Array(data)) else { continue }
            let written = try files.write(ByteBuffer(data: data))
            let a = Article()
            a.$municipality.id = try m.requireID()
            a.title = item.title
            a.slug = Articles.slug(item.title, taken: taken)
            taken.insert(a.slug)
            a.summary = item.summary
            a.body = item.body
            a.imageStoredName = written.storedName
            a.imageSHA256 = written.sha256
            a.imageContentType = info.contentType
            a.imageWidth = info.width
            a.imageHeight = info.height
            a.imageAlt = item.alt
            a.publishOn = today.adding(days: item.days).description
            a.status = item.status
            try await a.create(on: tx)
        }
    }
}
