import Foundation
import Testing
@testable import SamverkanCore

/// A logo is accepted for what its bytes are, never for its name or the type the browser sent.
@Suite struct ImageCheckTests {
    @Test func theChecksumIsPNGs() {
        #expect(ImageCheck.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func aPNGIsReadWithItsSize() {
        #expect(ImageCheck.inspect(SimplePNG.solid(width: 120, height: 40)) == .init(kind: .png, width: 120, height: 40))
        #expect(ImageCheck.inspect(SimplePNG.solid(width: 300, height: 300))?.contentType == "image/png")
    }

    @Test func aDamagedOrPaddedPNGIsRefused() {
        var flipped = SimplePNG.solid(width: 10, height: 10)
        flipped[60] ^= 0x01
        #expect(ImageCheck.inspect(flipped) == nil)
        // A second file behind the picture (an HTML page, say) makes it something else.
        #expect(ImageCheck.inspect(SimplePNG.solid(width: 10, height: 10) + Array("<script>alert(1)</script>".utf8)) == nil)
        #expect(ImageCheck.inspect(Array(SimplePNG.solid(width: 10, height: 10).dropLast(4))) == nil)
        // A PNG's signature before a page.
        #expect(ImageCheck.inspect(ImageCheck.pngSignature + Array("<html><body>hej</body></html>......................".utf8)) == nil)
    }

    @Test func svgAndHTMLAreNotPictures() {
        #expect(ImageCheck.inspect(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)) == nil)
        #expect(ImageCheck.inspect(Array("<!doctype html><title>logo.png</title>".utf8)) == nil)
        #expect(ImageCheck.inspect([]) == nil)
    }

    static func jpeg(width: Int, height: Int, end: Bool = true) -> [UInt8] {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let sof: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF),
                            3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        return [0xFF, 0xD8] + app0 + sof + [0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34] + (end ? [0xFF, 0xD9] : [])
    }

    @Test func aJPEGIsReadFromItsFrameHeader() {
        #expect(ImageCheck.inspect(Self.jpeg(width: 640, height: 480)) == .init(kind: .jpeg, width: 640, height: 480))
        #expect(ImageCheck.inspect(Self.jpeg(width: 640, height: 480, end: false)) == nil)
        #expect(ImageCheck.inspect(Self.jpeg(width: 0, height: 480)) == nil)
    }
}
