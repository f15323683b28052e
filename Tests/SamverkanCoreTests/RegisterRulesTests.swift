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
    @Test func recognisesPDFByContent() {
        #expect(FileCheck.isPDF(Array("%PDF-1.7\n...".utf8)))
        #expect(FileCheck.isPDF(Array("\u{FEFF}  %PDF-1.4".utf8)))
        #expect(!FileCheck.isPDF(Array("MZ\u{90}\u{0}this program cannot be run in DOS mode".utf8)))
        #expect(!FileCheck.isPDF(Array("%PD".utf8)))
        #expect(!FileCheck.isPDF([UInt8]()))
    }
}

@Suite struct MailMessageTests {
    let message = MailMessage(
        from: "samverkan@kommun.example", fromName: "Samverkan Södertälje", to: "anna@forening.example",
        subject: "Ansökan från Kulturföreningen är mottagen – välkommen!",
        text: "Hej Anna!\n\nLänk: https://samverkan.example/verifiera/abc=def\nRad med mellanslag på slutet ",
        messageID: "1234@samverkan.example", date: Date(timeIntervalSince1970: 1_700_000_000),
        listUnsubscribe: "https://samverkan.example/avregistrera/x")

    @Test func headersAreEncodedAndComplete() {
        let text = message.rendered()
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

    @Test func bodyIsQuotedPrintable() {
        let body = message.rendered().components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
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
