"""Product pictures of the demo shop, drawn with Pillow: a silhouette of the product's kind on a
soft gradient, in the variant's colour when it has one. Deterministic: the same product and colour
give the same picture, so seeding twice writes the same files.

Each picture is written as catalog.images names its files: a JPEG fallback and WebP sizes.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFilter

from apps.catalog.images import MEDIA_FOLDER, URL_PREFIX, WIDTHS, fallback_name, webp_name

SIZE = max(WIDTHS)

# Variant colours of the demo apparel, as fabric would look.
COLOURS = {"Black": (40, 41, 46), "Navy": (33, 50, 94), "Heather Grey": (150, 152, 158)}
# Colours of products without a colour variant, and the gradients behind them: (top, bottom).
PRODUCT_COLOURS = [(196, 72, 52), (44, 122, 123), (217, 160, 46), (88, 82, 160), (61, 130, 74), (180, 86, 128)]
BACKGROUNDS = [
    ((253, 236, 220), (246, 206, 180)),
    ((225, 240, 247), (190, 218, 236)),
    ((236, 245, 228), (202, 226, 190)),
    ((243, 234, 248), (215, 200, 236)),
    ((250, 244, 222), (236, 222, 170)),
    ((232, 236, 244), (200, 208, 226)),
]


def _digest(*parts) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def _shade(colour, factor):
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def _gradient(top, bottom):
    strip = Image.new("RGB", (1, SIZE))
    for y in range(SIZE):
        t = y / (SIZE - 1)
        strip.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return strip.resize((SIZE, SIZE))


def _decorate(image, digest, tint):
    """Soft translucent circles, placed by the digest: no two products share a backdrop."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for n in range(4):
        x, y, r = digest[n] * 3 + 20, digest[n + 4] * 3 + 20, 60 + digest[n + 8] % 140
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*tint, 38 + digest[n + 12] % 40))
    return Image.alpha_composite(image.convert("RGBA"), layer.filter(ImageFilter.GaussianBlur(6)))


def _accent(digest):
    """A trim colour of the product's own (cuffs, hem, print), so that two black hoodies differ."""
    return PRODUCT_COLOURS[digest[3] % len(PRODUCT_COLOURS)]


def _hoodie(draw, colour, digest, name):
    dark, accent = _shade(colour, 0.75), _accent(digest)
    draw.ellipse((290, 130, 510, 330), fill=dark)  # hood
    draw.polygon([(250, 250), (550, 250), (640, 330), (690, 560), (610, 580), (570, 400), (570, 650), (230, 650),
                  (230, 400), (190, 580), (110, 560), (160, 330)], fill=colour)  # fmt: skip
    draw.rectangle((230, 615, 570, 650), fill=accent)  # ribbed hem
    draw.polygon([(110, 560), (190, 580), (196, 552), (117, 532)], fill=accent)  # cuffs
    draw.polygon([(690, 560), (610, 580), (604, 552), (683, 532)], fill=accent)
    draw.ellipse((330, 190, 470, 300), fill=_shade(colour, 0.45))  # hood opening
    if digest[4] % 3:
        draw.rounded_rectangle((300, 470, 500, 570), radius=30, fill=dark)  # kangaroo pocket
    else:
        draw.rectangle((250, 360, 550, 395), fill=accent)  # a chest stripe
    draw.line((370, 300, 362, 400), fill=(235, 235, 235), width=6)
    draw.line((430, 300, 438, 400), fill=(235, 235, 235), width=6)
    if "zip" in name.lower():
        draw.line((400, 300, 400, 650), fill=_shade(colour, 1.6), width=5)


def _tshirt(draw, colour, digest, name):
    draw.polygon([(280, 200), (520, 200), (660, 280), (610, 380), (550, 350), (550, 640), (250, 640), (250, 350),
                  (190, 380), (140, 280)], fill=colour)  # fmt: skip
    draw.chord((340, 160, 460, 260), 0, 180, fill=_shade(colour, 0.6))
    accent = _accent(digest)
    draw.polygon([(140, 280), (190, 380), (215, 367), (167, 268)], fill=accent)  # sleeve bands
    draw.polygon([(660, 280), (610, 380), (585, 367), (633, 268)], fill=accent)
    if "pocket" in name.lower():
        draw.rounded_rectangle((440, 300, 510, 370), radius=8, fill=_shade(colour, 0.8))
    else:  # a print
        draw.ellipse((340, 350, 460, 470), outline=accent, width=10)
        draw.ellipse((375, 385, 425, 435), fill=accent)


def _headphones(draw, colour, digest, name):
    draw.arc((220, 170, 580, 560), 180, 360, fill=_shade(colour, 0.7), width=34)
    for x in (190, 520):
        draw.rounded_rectangle((x, 360, x + 90, 540), radius=36, fill=colour)
        draw.rounded_rectangle((x + 18, 385, x + 72, 515), radius=20, fill=_shade(colour, 0.6))


def _speaker(draw, colour, digest, name):
    draw.rounded_rectangle((260, 160, 540, 640), radius=40, fill=colour)
    draw.ellipse((310, 380, 490, 560), fill=_shade(colour, 0.55))
    draw.ellipse((360, 430, 440, 510), fill=_shade(colour, 0.85))
    draw.ellipse((360, 230, 440, 310), fill=_shade(colour, 0.55))


def _phone(draw, colour, digest, name):
    draw.rounded_rectangle((285, 130, 515, 670), radius=42, fill=_shade(colour, 0.5))
    draw.rounded_rectangle((300, 160, 500, 640), radius=26, fill=colour)
    draw.rounded_rectangle((360, 170, 440, 190), radius=10, fill=_shade(colour, 0.4))
    for n in range(3):  # app tiles
        draw.rounded_rectangle((330 + n * 50, 230, 370 + n * 50, 270), radius=10, fill=_shade(colour, 1.5))


def _pan(draw, colour):
    draw.ellipse((190, 260, 510, 580), fill=_shade(colour, 0.55))
    draw.ellipse((215, 285, 485, 555), fill=colour)
    draw.rounded_rectangle((490, 395, 700, 445), radius=20, fill=_shade(colour, 0.45))


def _kettle(draw, colour):
    draw.rounded_rectangle((250, 280, 530, 620), radius=60, fill=colour)
    draw.arc((290, 170, 490, 400), 180, 360, fill=_shade(colour, 0.5), width=26)
    draw.polygon([(250, 380), (160, 320), (180, 300), (260, 340)], fill=colour)


def _knife(draw, colour):
    draw.polygon([(150, 470), (520, 380), (560, 420), (540, 470)], fill=(206, 212, 220))
    draw.line((170, 466, 530, 392), fill=(240, 243, 247), width=4)
    draw.rounded_rectangle((530, 400, 700, 460), radius=18, fill=colour)


def _board(draw, colour):
    draw.rounded_rectangle((200, 230, 600, 590), radius=50, fill=colour)
    draw.ellipse((520, 270, 560, 310), fill=_shade(colour, 0.5))
    draw.rounded_rectangle((230, 260, 570, 560), radius=40, outline=_shade(colour, 1.2), width=6)


KITCHEN_SHAPES = {"kettle": _kettle, "coffee": _kettle, "knife": _knife, "board": _board}


def _kitchen(draw, colour, digest, name):
    words = name.lower()
    shape = next((draw_shape for word, draw_shape in KITCHEN_SHAPES.items() if word in words), _pan)
    shape(draw, colour)


def _bedding(draw, colour, digest, name):
    for n in range(3):  # a folded stack
        y = 480 - n * 110
        draw.rounded_rectangle((200 + n * 10, y, 600 - n * 10, y + 120), radius=30, fill=_shade(colour, 1 - n * 0.12))
        draw.line((230 + n * 10, y + 60, 570 - n * 10, y + 60), fill=_shade(colour, 1.25), width=3)


def _book(draw, colour, digest, name):
    draw.rectangle((270, 170, 550, 630), fill=colour)
    draw.rectangle((270, 170, 300, 630), fill=_shade(colour, 0.6))  # spine
    draw.rectangle((330, 240, 520, 300), fill=_shade(colour, 1.6))
    draw.rectangle((330, 320, 480, 340), fill=_shade(colour, 1.35))
    draw.rectangle((550, 180, 565, 620), fill=(245, 242, 232))  # pages


SILHOUETTES = {
    "hoodies": _hoodie,
    "t-shirts": _tshirt,
    "headphones": _headphones,
    "speakers": _speaker,
    "phones": _phone,
    "kitchen": _kitchen,
    "bedding": _bedding,
    "books": _book,
}


def draw_product(kind: str, name: str, colour_name: str = "") -> Image.Image:
    """The picture of product `name` of `kind` (a SILHOUETTES key) in `colour_name`, 800×800."""
    digest = _digest(kind, name)
    top, bottom = BACKGROUNDS[digest[20] % len(BACKGROUNDS)]
    colour = COLOURS.get(colour_name) or PRODUCT_COLOURS[digest[21] % len(PRODUCT_COLOURS)]
    image = _decorate(_gradient(top, bottom), digest, _shade(bottom, 0.9))
    shadow = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).ellipse((200, 650, 600, 720), fill=(0, 0, 0, 70))
    image = Image.alpha_composite(image, shadow.filter(ImageFilter.GaussianBlur(18)))
    figure = Image.new("RGBA", image.size, (0, 0, 0, 0))
    SILHOUETTES.get(kind, _book)(ImageDraw.Draw(figure), colour, digest, name)
    angle = (digest[22] % 9) - 4  # a slight, product-specific tilt
    figure = figure.rotate(angle, resample=Image.Resampling.BICUBIC, center=(SIZE / 2, SIZE / 2))
    return Image.alpha_composite(image, figure).convert("RGB")


def stem_for(slug: str, colour_name: str = "") -> str:
    return f"{slug}-{colour_name.lower().replace(' ', '-')}" if colour_name else slug


def write_product_image(kind: str, name: str, stem: str, colour_name: str = "", *, root: Path | None = None) -> str:
    """Write the picture's files (unless already there); returns the url of its 800 px JPEG."""
    folder = (root or Path(settings.MEDIA_ROOT)) / MEDIA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    jpeg = folder / fallback_name(stem)
    if not jpeg.exists():
        image = draw_product(kind, name, colour_name)
        for width in WIDTHS:
            scaled = image if width == SIZE else image.resize((width, width), Image.Resampling.LANCZOS)
            scaled.save(folder / webp_name(stem, width), quality=82, method=4)
        image.save(jpeg, quality=86, optimize=True)  # last: its presence means all are written
    return f"{URL_PREFIX}{fallback_name(stem)}"
