#!/usr/bin/env python3
"""Draws revoke-watch's toolbar icons (an eye watching over a key slot) as
PNGs at 16/32/48/128 px, with no dependency beyond the standard library.
Run from the repository root: python3 tools/draw-icons.py"""
import math, struct, zlib, pathlib

BG = (30, 41, 59)        # slate
RING = (245, 158, 11)    # amber
PUPIL = (248, 250, 252)  # near white

def inside_rounded_square(x, y, r):
    cx = min(max(x, r), 1 - r); cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def eye(x, y):
    # Almond: intersection of two circles, outline only.
    d1 = math.hypot(x - 0.5, y - 0.05); d2 = math.hypot(x - 0.5, y - 0.95)
    outer = d1 <= 0.62 and d2 <= 0.62
    inner = d1 <= 0.54 and d2 <= 0.54
    return outer and not inner

def color(x, y):
    if not inside_rounded_square(x, y, 0.2):
        return None
    if math.hypot(x - 0.5, y - 0.5) <= 0.13:
        return PUPIL
    if 0.24 <= math.hypot(x - 0.5, y - 0.5) <= 0.32 and abs(y - 0.5) < 0.2:
        return RING
    if eye(x, y):
        return RING
    return BG

def png(size):
    ss = 4
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    c = color((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
                    if c:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = ss * ss
            a = acc[3] // n
            cov = acc[3] // 255 or 1
            row += bytes([acc[0] // cov, acc[1] // cov, acc[2] // cov, a])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

out = pathlib.Path("extension/icons")
out.mkdir(parents=True, exist_ok=True)
for s in (16, 32, 48, 128):
    (out / f"icon-{s}.png").write_bytes(png(s))
print("icons written to", out)
