import Foundation
import Testing
@testable import SamverkanCore

@Suite struct OrganisationNumberTests {
    @Test func validNumbersPass() throws {
        // 802002-4439 and 556036-0793 have correct check digits (Luhn, weights 2-1-2-…).
        #expect(try OrganisationNumber.parse("802002-4439").get().description == "802002-4439")
        #expect(try OrganisationNumber.parse("5560360793").get().description == "556036-0793")
        #expect(try OrganisationNumber.parse(" 802002-4439 ").get().digits == "8020024439")
    }

    @Test func aWrongCheckDigitIsNamed() {
        guard case .failure(.checkDigit(let expected)) = OrganisationNumber.parse("802002-4432") else {
            Issue.record("expected a check-digit failure")
            return
        }
        #expect(expected == 9)
    }

    @Test func otherShapesAreFormatErrors() {
        for text in ["80200-24431", "802002-443", "abcdef-ghij", "802002–4431", "", "8020024431x"] {
            #expect(OrganisationNumber.parse(text) == .failure(.format), "\(text)")
        }
    }
}

@Suite struct SearchTextTests {
    @Test func foldsCaseAndDiacritics() {
        #expect(SearchText.fold("Kulturföreningen  Hallunda") == "kulturforeningen hallunda")
        #expect(SearchText.fold("ÅÄÖ éü") == "aao eu")
        #expect(SearchText.fold("forening") == SearchText.fold("Förening"))
    }
}

@Suite struct FileCheckTests {
    @Test func recognisesPDFByStructure() {
        #expect(FileCheck.isPDF(SimplePDF.document(lines: ["Protokoll", "Styrelsen (beslut)"])))
        #expect(!FileCheck.isPDF(Array("%PDF-1.7\n...".utf8)), "a header alone is not a PDF")
        #expect(!FileCheck.isPDF(Array("MZ\u{90}\u{0}this program cannot be run in DOS mode".utf8)))
        #expect(!FileCheck.isPDF(Array("%PD".utf8)))
        #expect(!FileCheck.isPDF([UInt8]()))
    }

    /// The attack of the security test: an HTML page with `%PDF-` in a comment and a fake trailer.
    @Test func refusesHTMLWithAPDFMarker() {
        let html = "<html><!-- %PDF-1.4 --><script>alert(1)</script>\nstartxref\n0\n%%EOF\n</html>"
        #expect(!FileCheck.isPDF(Array(html.utf8)))
        #expect(!FileCheck.isPDF(Array(("\u{FEFF}  " + String(decoding: SimplePDF.document(lines: ["x"]), as: UTF8.self)).utf8)),
                "%PDF- must be at offset 0")
    }

    @Test func refusesAStartxrefThatPointsNowhere() {
        var bytes = SimplePDF.document(lines: ["x"])
        let text = String(decoding: bytes, as: UTF8.self)
        let range = text.range(of: "startxref\n")!
        let offset = text[range.upperBound...].prefix { $0.isNumber }
        bytes = Array(text.replacingOccurrences(of: "startxref\n\(offset)", with: "startxref\n12").utf8)
        #expect(!FileCheck.isPDF(bytes))
        bytes = Array(text.replacingOccurrences(of: "startxref\n\(offset)", with: "startxref\n99999999").utf8)
        #expect(!FileCheck.isPDF(bytes))
    }

    @Test func downloadNamesAreCleanAndEndInPDF() {
        #expect(FileCheck.pdfDownloadName("evil.html") == "evil.pdf")
        #expect(FileCheck.pdfDownloadName("../../etc/passwd") == "passwd.pdf")
        #expect(FileCheck.pdfDownloadName("a\r\nSet-Cookie: x.pdf") == "aSet-Cookie: x.pdf")
        #expect(FileCheck.pdfDownloadName("protokoll\u{202E}fdp.exe") == "protokollfdp.pdf")
        #expect(FileCheck.pdfDownloadName("\"quoted\".pdf") == "quoted.pdf")
        #expect(FileCheck.pdfDownloadName("") == "dokument.pdf")
        #expect(FileCheck.pdfDownloadName("Årsmöte 2026.PDF") == "Årsmöte 2026.pdf")
    }
}

@Suite struct EmailAddressTests {
    @Test func acceptsOrdinaryAddresses() {
        for address in ["anna@forening.example", "a.b+c@sub.kommun.se", "x_y-z@example.org"] {
            #expect(EmailAddress.isValid(address), "\(address)")
        }
    }

    /// The header injection of the security test, and its relatives.
    @Test func refusesWhatCouldSplitAHeader() {
        for address in ["x\r\nBcc:victim@evil.example", "x\nBcc: v@evil.example", "a@b.example\r", "a\u{0}@b.example",
                        "a@b.example, c@d.example", "a@b.example;c@d.example", "Anna <a@b.example>", "a b@c.example",
                        "a@b\u{2028}.example", "a\u{85}@b.example", "\"a\"@b.example", "a@@b.example", "a@b", "@b.example",
                        "a@.example", "a@b..example"] {
            #expect(!EmailAddress.isValid(address), "\(address.debugDescription)")
        }
    }
}

@Suite struct MailMessageTests {
    let message = MailMessage(
        from: "samverkan@kommun.example", fromName: "Samverkan Södertälje", to: "anna@forening.example",
        subject: "Ansökan från Kulturföreningen är mottagen – välkommen!",
        text: "Hej Anna!\n\nLänk: https://samverkan.example/verifiera/abc=def\nRad med mellanslag på slutet ",
        messageID: "1234@samverkan.example", date: Date(timeIntervalSince1970: 1_700_000_000),
        listUnsubscribe: "https://samverkan.example/avregistrera/x")

    /// A newsletter: text and HTML as alternatives, each quoted-printable, with its language.
    @Test func anHTMLPartMakesTheMessageMultipartAlternative() throws {
        var m = message
        m.html = "<p>Hej <strong>Anna</strong>! Å ä ö = lika</p>"
        m.language = "sv"
        let text = try m.rendered()
        let boundary = "=_samverkan_1234samverkanexample"
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"\(boundary)\""))
        #expect(text.contains("Content-Language: sv"))
        #expect(text.components(separatedBy: "--\(boundary)\r\n").count == 3)
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(text.contains("<strong>Anna</strong>! =C3=85"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        m.language = "sv\r\nBcc: x@y.example"
        #expect(throws: MailMessage.HeaderError.self) { try m.rendered() }
    }

    @Test func headersAreEncodedAndComplete() throws {
        let text = try message.rendered()
        #expect(text.contains("\r\nSubject: =?UTF-8?B?"))
        #expect(text.contains("From: =?UTF-8?B?"))
        #expect(text.contains("Message-ID: <1234@samverkan.example>"))
        #expect(text.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000"))
        #expect(text.contains("MIME-Version: 1.0"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("List-Unsubscribe: <https://samverkan.example/avregistrera/x>"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "a MIME message is 7-bit clean")
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func refusesInjectedHeadersWhateverWroteTheMessage() {
        var bad = message
        bad.to = "x\r\nBcc:victim@evil.example"
        #expect(throws: MailMessage.HeaderError(header: "To")) { try bad.rendered() }
        bad = message
        bad.listUnsubscribe = "https://x.example/a\r\nBcc: v@evil.example"
        #expect(throws: MailMessage.HeaderError(header: "List-Unsubscribe")) { try bad.rendered() }
        bad = message
        bad.messageID = "1@x\r\nBcc: v@evil.example"
        #expect(throws: MailMessage.HeaderError(header: "Message-ID")) { try bad.rendered() }
        bad = message
        bad.subject = "Hej\r\nBcc: v@evil.example"
        let text = try? bad.rendered()
        #expect(text?.contains("\r\nBcc:") == false, "a subject with a line break is encoded, never raw")
    }

    @Test func bodyIsQuotedPrintable() throws {
        let body = try message.rendered().components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body.contains("Hej Anna!"))
        #expect(body.contains("L=C3=A4nk"))
        #expect(body.contains("abc=3Ddef"))
        #expect(body.contains("slutet=20"))
    }
}

@Suite struct OrganisationNumberCompletionTests {
    @Test func completedNumbersAreValid() throws {
        for seed in ["802002443", "556036079", "000000000", "999999999"] {
            let number = try #require(OrganisationNumber.completing(seed))
            #expect(try OrganisationNumber.parse(number.description).get() == number)
        }
        #expect(OrganisationNumber.completing("12345") == nil)
    }
}

@Suite struct SwedishOrderTests {
    @Test func åÄÖComeAfterZAndCaseIsIgnored() {
        let names = ["Ödeshögs IF", "Ängens vänner", "Åsens bygdegård", "zonta", "Alby FF", "örnen", "Zenit", "ängel", "Ekot", "élan"]
        #expect(names.sorted(by: SwedishOrder.areInOrder)
                == ["Alby FF", "Ekot", "élan", "Zenit", "zonta", "Åsens bygdegård", "ängel", "Ängens vänner", "Ödeshögs IF", "örnen"])
        #expect(SwedishOrder.sql("name").hasPrefix("replace(replace("))
    }
}

@Suite struct ContrastTests {
    @Test func ratiosFollowWCAG() {
        #expect(Contrast.ratio("#000000", "#ffffff").map { ($0 * 10).rounded() / 10 } == 21)
        #expect(Contrast.ratio("#ffffff", "#ffffff") == 1)
        #expect((Contrast.ratio("#00507a", "#ffffff") ?? 0) > 4.5)
        #expect((Contrast.ratio("#ffd700", "#ffffff") ?? 9) < 4.5)
        #expect(Contrast.ratio("red", "#ffffff") == nil)
        #expect(Contrast.normalised("1D4E89") == "#1d4e89")
    }
}
