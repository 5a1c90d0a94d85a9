"""The HTML report in a real browser: headless Chromium lays it out, draws the charts, fetches nothing.

Needs /usr/bin/chromium (Debian package ``chromium``; .ci/run installs it). Without it the test is
skipped with the reason.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from mzcheck.engine.evaluate import evaluate
from mzcheck.load.rules import load_targets
from mzcheck.read.formats import load_report
from mzcheck.render import Options, writer

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium: install the Debian package 'chromium' (see .ci/run)")


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB(A) rows of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = color = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 4 if color == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the row filter (PNG spec §9)
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def colours(data: bytes) -> set[bytes]:
    width, _, rows = png_pixels(data)
    bpp = len(rows[0]) // width
    return {row[i:i + 3] for row in rows for i in range(0, len(row), bpp)}


def chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / "profile"
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          timeout=180, check=False)


@needs_chromium
def test_html_report_renders_in_chromium(tmp_path: Path) -> None:
    rules = load_targets()
    checks = [evaluate(rules, r) for r in load_report(ROOT / "examples" / "hangzhou-2024.yaml", rules)]
    page = tmp_path / "report.html"
    page.write_text(writer("html")(checks, Options(lang="zh")), encoding="utf-8")
    url = page.as_uri()

    dom = chromium(["--dump-dom", url], tmp_path)
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    text = dom.stdout.decode()
    decided = [r for r in checks[0].results if r.actual is not None]
    assert len(re.findall(r'<svg class="bullet"', text)) == len(decided) >= 2
    assert len(re.findall(r'<article class="card', text)) >= len(decided)
    assert "每万名老年人拥有持证护理员数" in text and "certified carers per 10,000 elders" in text

    shot = tmp_path / "report.png"
    run = chromium([f"--screenshot={shot}", "--window-size=1200,1600", url], tmp_path)
    assert run.returncode == 0 and shot.exists(), run.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    width, height, _ = png_pixels(data)
    assert (width, height) == (1200, 1600)
    seen = colours(data)
    assert len(seen) > 200  # text, chips, cards and charts: a blank or unstyled page has a handful
    assert bytes.fromhex("c62828") in seen  # the not-met bars and badges are drawn in the status red
    assert bytes.fromhex("d7ecd9") in seen  # the target band of the bullet charts


def test_png_decoder_reads_a_known_image() -> None:
    """The decoder above, on a 2×2 PNG built here with each filter type's worth of data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = [b"\x00" + bytes([255, 0, 0, 0, 255, 0]),  # filter 0: red, green
            b"\x02" + bytes([0, 0, 255, 0, 0, 255])]  # filter 2 (up): red+blue, green+blue
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    assert colours(png) == {bytes([255, 0, 0]), bytes([0, 255, 0]), bytes([255, 0, 255]), bytes([0, 255, 255])}


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_province_overview_renders_in_chromium(tmp_path: Path, lang: str) -> None:
    """The page of a Zhejiang-wide table (102 reports, tests/province.py) opens with its overview matrix."""
    import html

    import province

    from mzcheck.render.overview import overview

    targets = province.write_targets(tmp_path / "targets")
    rules = load_targets(targets, bundled=False)
    table = province.write_csv(tmp_path / "zhejiang.csv", rules)
    checks = [evaluate(rules, r) for r in load_report(table, rules)]
    assert len(checks) == 102
    page = tmp_path / f"overview-{lang}.html"
    page.write_text(writer("html")(checks, Options(lang=lang)), encoding="utf-8")

    dom = chromium(["--dump-dom", page.as_uri()], tmp_path)
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    text = html.unescape(dom.stdout.decode())
    matrix = text[text.index('<table class="matrix">'):text.index("</table>", text.index('<table class="matrix">'))]
    places = re.findall(r'<tr class="ov-row"><th class="place">([^<]+)</th>', matrix)
    ov = overview(checks)
    assert places == [r.report.jurisdiction for r in ov.rows] and len(places) == 102
    heads = re.findall(r'<th class="col" title="([^"]+)">', matrix)
    assert heads == [c.name.zh if lang == "zh" else c.name.en for c in ov.columns]
    if lang == "zh":
        assert "<h1>总览 <span" in text and "每万名老年人拥有持证护理员数" in heads
    else:
        assert "<h1>Overview</h1>" in text and "certified carers per 10,000 elders" in heads
        body = re.sub(r"<(style|title)>.*?</\1>|<[^>]+>", " ", text, flags=re.S)
        assert "达标" not in body and "检查结果" not in body and "not met or behind" in body

    shot = tmp_path / f"overview-{lang}.png"
    run = chromium([f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri()], tmp_path)
    assert run.returncode == 0 and shot.exists(), run.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    width, height, rows = png_pixels(data)
    assert (width, height) == (1200, 1400)
    seen = colours(data)
    assert bytes.fromhex("c62828") in seen and bytes.fromhex("2e7d32") in seen  # not met and met cells
    assert bytes.fromhex("8d8d8d") in seen  # missing cells
    # the matrix fills the page: most rows of the lower half have a red or green cell in them
    bpp = len(rows[0]) // width
    coloured = sum(1 for row in rows[height // 2:] if bytes.fromhex("c62828") in
                   {row[i:i + 3] for i in range(0, len(row), bpp)})
    assert coloured > height // 4
