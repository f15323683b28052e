#!/usr/bin/env python3
"""Draws the demo news illustrations (simple shapes in calm colours: a calendar page, a row of
people, a speech bubble) as small PNG files in Resources/Demo/news. Our own drawing, made once
and committed; run again only to change them. Standard library only."""
import math
import pathlib
import struct
import zlib

W, H = 480, 270
BACKGROUND = (0xEE, 0xF3, 0xF8)
INK = (0x1D, 0x4F, 0x91)
ACCENT = (0x3F, 0x9C, 0x6B)
WARM = (0xD9, 0xA4, 0x1E)


def calendar(x, y):
    if 150 <= x <= 330 and 50 <= y <= 230:
        if y <= 90:
            return INK
        col, row = (x - 160) // 34, (y - 100) // 32
        if 0 <= col < 5 and 0 <= row < 4 and (x - 160) % 34 < 26 and (y - 100) % 32 < 24:
            return WARM if (col, row) == (3, 1) else (0xFF, 0xFF, 0xFF)
        return (0xDD, 0xE6, 0xF0)
    return BACKGROUND


def people(x, y):
    for i, colour in enumerate((INK, ACCENT, WARM, INK, ACCENT)):
        cx = 80 + i * 80
        if math.hypot(x - cx, y - 100) <= 26:
            return colour
        if abs(x - cx) <= 34 and 140 <= y <= 230 and math.hypot(x - cx, y - 160) <= 40 or (abs(x - cx) <= 34 and 160 <= y <= 230):
            return colour
    return BACKGROUND


def bubble(x, y):
    inside = ((x - 240) / 170) ** 2 + ((y - 120) / 85) ** 2 <= 1
    tail = 150 <= x <= 200 and 190 <= y <= 245 and (x - 150) <= (245 - y)
    if inside or tail:
        if inside and 130 <= x <= 350 and any(abs(y - ly) <= 6 for ly in (95, 125, 155)) and not (y > 150 and x > 290):
            return (0xFF, 0xFF, 0xFF)
        return ACCENT
    return BACKGROUND


def png(rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "Resources" / "Demo" / "news"
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in (("calendar", calendar), ("people", people), ("bubble", bubble)):
        (out / f"{name}.png").write_bytes(png([[draw(x, y) for x in range(W)] for y in range(H)]))
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()
