#!/usr/bin/env python3
"""Draws the demo municipalities' logos (two linked rings, the municipality and its civil
society, in each municipality's own colours) as small PNG files in Resources/Demo/logos.
Our own drawing, made once and committed; run again only to change them. Standard library only."""
import math
import pathlib
import struct
import zlib

SIZE = 96
SAMPLES = 4  # per pixel and axis, for smooth edges

LOGOS = {
    "boras": ((0x7A, 0x1F, 0x3D), (0xC9, 0x8B, 0x2B)),
    "botkyrka": ((0x1D, 0x4F, 0x91), (0x3F, 0x9C, 0x6B)),
    "eslov": ((0x2E, 0x6B, 0x30), (0xD9, 0xA4, 0x1E)),
    "orebro": ((0xB3, 0x26, 0x1E), (0x4A, 0x4A, 0x4A)),
    "sodertalje": ((0x00, 0x5C, 0x5C), (0xE0, 0x6C, 0x2C)),
}


def ring(x, y, cx, cy, r, width):
    return abs(math.hypot(x - cx, y - cy) - r) <= width / 2


def pixel(x, y, first, second):
    """Colour and coverage of one pixel: the first ring over the second on the left crossing,
    under it on the right, so the two hang together."""
    hits = {}
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            px, py = x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES
            a = ring(px, py, 36, 48, 24, 12)
            b = ring(px, py, 60, 48, 24, 12)
            colour = None
            if a and b:
                colour = first if py < 48 else second
            elif a:
                colour = first
            elif b:
                colour = second
            if colour:
                hits[colour] = hits.get(colour, 0) + 1
    if not hits:
        return (0, 0, 0, 0)
    colour = max(hits, key=hits.get)
    return (*colour, round(255 * sum(hits.values()) / SAMPLES ** 2))


def png(rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "Resources" / "Demo" / "logos"
    out.mkdir(parents=True, exist_ok=True)
    for slug, (first, second) in LOGOS.items():
        rows = [[pixel(x, y, first, second) for x in range(SIZE)] for y in range(SIZE)]
        (out / f"{slug}.png").write_bytes(png(rows))
        print(out / f"{slug}.png")


if __name__ == "__main__":
    main()
