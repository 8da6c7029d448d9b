"""A PNG bar chart of a run's JSON, drawn with the standard library only (no matplotlib or Pillow in
the project): p95 of each query class as a share of its target, stack and raw side by side, and each
page's throughput as a share of the ceiling.

Usage: python benchmarks/chart.py results/large-YYYYMMDD.json  (writes the .png beside it)
"""

import json
import struct
import sys
import zlib
from pathlib import Path

# 5x7 glyphs, one string of five cells per row ('#' = ink).
FONT = {
    " ": ["     "] * 7,
    "0": [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
    "1": ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    "2": [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
    "3": ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
    "4": ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
    "5": ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
    "6": ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
    "7": ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
    "8": [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
    "9": [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
    "A": [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
    "B": ["#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "],
    "C": [" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "],
    "D": ["#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "],
    "E": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"],
    "F": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "],
    "G": [" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"],
    "H": ["#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
    "I": [" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    "J": ["  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "],
    "K": ["#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"],
    "L": ["#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"],
    "M": ["#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"],
    "N": ["#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"],
    "O": [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
    "P": ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "],
    "Q": [" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"],
    "R": ["#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"],
    "S": [" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "],
    "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
    "U": ["#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
    "V": ["#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "],
    "W": ["#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "],
    "X": ["#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"],
    "Y": ["#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "],
    "Z": ["#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"],
    ".": ["     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "],
    "%": ["##   ", "##  #", "   # ", "  #  ", " #   ", "#  ##", "   ##"],
    "/": ["     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     "],
    "-": ["     ", "     ", "     ", "#####", "     ", "     ", "     "],
    ":": ["     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     "],
    "(": ["   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # "],
    ")": [" #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   "],
    "<": ["   # ", "  #  ", " #   ", "#    ", " #   ", "  #  ", "   # "],
}
WHITE, BLACK, GREY = (255, 255, 255), (40, 40, 40), (200, 200, 200)
STACK, RAW, PAGE, MISSED = (52, 101, 164), (115, 210, 22), (245, 121, 0), (204, 0, 0)
SCALE = 2  # pixels per font cell


class Canvas:
    def __init__(self, width, height):
        self.width, self.height = width, height
        self.pixels = [[WHITE] * width for _ in range(height)]

    def rect(self, x, y, width, height, colour):
        for row in range(max(0, y), min(self.height, y + height)):
            self.pixels[row][max(0, x) : min(self.width, x + width)] = [colour] * (
                min(self.width, x + width) - max(0, x)
            )

    def text(self, x, y, string, colour=BLACK):
        for char in string.upper():
            for row, cells in enumerate(FONT.get(char, FONT[" "])):
                for column, cell in enumerate(cells):
                    if cell == "#":
                        self.rect(x + column * SCALE, y + row * SCALE, SCALE, SCALE, colour)
            x += 6 * SCALE

    def png(self):
        raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in self.pixels)

        def chunk(kind, data):
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
        )


LABEL_W, BAR_W, ROW_H, BAR_H = 330, 520, 40, 13


def _bar(canvas, y, share, colour, caption):
    """A bar whose full width is 200 % (of a target or ceiling); the 100 % mark is drawn by the caller."""
    width = min(BAR_W, round(BAR_W * share / 2))
    canvas.rect(LABEL_W, y, max(width, 1), BAR_H, colour)
    canvas.text(LABEL_W + width + 6, y, caption)


def draw(data):
    queries = [result for result in data["queries"].values() if result["target_ms"]]
    pages = [(page, result) for page, result in data["load"]["pages"].items() if "share_of_ceiling" in result]
    height = 70 + ROW_H * len(queries) + 60 + 24 * len(pages) + 40
    canvas = Canvas(LABEL_W + BAR_W + 140, height)
    canvas.text(10, 10, f"p95 as % of target (stack blue, raw green)  {data['meta']['size']} {data['meta']['date']}")
    y = 40
    for result in queries:
        canvas.text(10, y + 6, result["title"].split(" (")[0][:26])
        for offset, side, colour in ((0, "stack", STACK), (BAR_H + 2, "raw", RAW)):
            share = result[side]["p95"] / result["target_ms"]
            _bar(canvas, y + offset, share, colour if share < 1 else MISSED, f"{share:.0%}")
        y += ROW_H
    canvas.rect(LABEL_W + BAR_W // 2, 36, 1, y - 36, GREY)
    y += 20
    canvas.text(10, y, "requests/s as % of the bench/ping ceiling")
    y += 26
    top = y
    for page, result in pages:
        canvas.text(10, y, page.replace("storefront ", "")[:26])
        share = result["share_of_ceiling"]
        _bar(canvas, y, share, PAGE, f"{share:.0%} {result['requests_per_second']:.0f}/S")
        y += 24
    canvas.rect(LABEL_W + BAR_W // 2, top - 4, 1, y - top, GREY)
    return canvas.png()


def write_chart(json_path):
    json_path = Path(json_path)
    png_path = json_path.with_suffix(".png")
    png_path.write_bytes(draw(json.loads(json_path.read_text())))
    return png_path


if __name__ == "__main__":
    print(write_chart(sys.argv[1]))
