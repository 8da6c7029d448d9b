"""How product pictures stored by the shop are named: one JPEG (the `src` every browser shows) and
WebP copies in several widths (the `srcset`), side by side under MEDIA_ROOT/products/.

ProductImage.url names the JPEG; anything else (an absolute url, a static file) has no srcset.
"""

MEDIA_FOLDER = "products"
URL_PREFIX = f"/media/{MEDIA_FOLDER}/"
WIDTHS = (400, 800)


def fallback_name(stem: str) -> str:
    return f"{stem}-{max(WIDTHS)}.jpg"


def webp_name(stem: str, width: int) -> str:
    return f"{stem}-{width}.webp"


def image_srcset(url: str) -> str:
    """The WebP srcset of a stored picture ("" for any other url)."""
    folder, _, name = (url or "").rpartition("/")
    suffix = f"-{max(WIDTHS)}.jpg"
    if f"{folder}/" != URL_PREFIX or not name.endswith(suffix):
        return ""
    stem = name.removesuffix(suffix)
    return ", ".join(f"{URL_PREFIX}{webp_name(stem, width)} {width}w" for width in WIDTHS)
