"""Demo product pictures: drawn deterministically, one per product and per colour, in the sizes
the storefront's srcset names."""

import hashlib

from PIL import Image

from apps.catalog.images import image_srcset
from apps.demo.seeding.images import draw_product, stem_for, write_product_image


def fingerprint(image):
    return hashlib.sha256(image.tobytes()).hexdigest()


def test_the_same_product_and_colour_always_give_the_same_picture():
    assert fingerprint(draw_product("hoodies", "Zip Hoodie", "Navy")) == fingerprint(
        draw_product("hoodies", "Zip Hoodie", "Navy")
    )


def test_products_of_a_category_and_colours_of_a_product_look_different():
    hoodies = ["Classic Pullover Hoodie", "Zip Hoodie", "Summer Hoodie", "Tech Fleece Hoodie", "Kids Hoodie"]
    pictures = {fingerprint(draw_product("hoodies", name, "Black")) for name in hoodies}
    colours = {fingerprint(draw_product("hoodies", "Zip Hoodie", colour)) for colour in ("Black", "Navy")}

    assert len(pictures) == 5
    assert len(colours) == 2


def test_the_navy_variant_is_drawn_in_navy():
    image = draw_product("t-shirts", "Organic Crew T-shirt", "Navy")

    assert image.getpixel((400, 500)) == (33, 50, 94)  # the middle of the shirt


def test_a_picture_is_written_as_a_jpeg_and_webp_sizes_named_by_its_srcset(tmp_path):
    url = write_product_image("speakers", "Pocket Bluetooth Speaker", stem_for("pocket-speaker"), root=tmp_path)

    assert url == "/media/products/pocket-speaker-800.jpg"
    assert image_srcset(url) == (
        "/media/products/pocket-speaker-400.webp 400w, /media/products/pocket-speaker-800.webp 800w"
    )
    folder = tmp_path / "products"
    assert sorted(path.name for path in folder.iterdir()) == [
        "pocket-speaker-400.webp",
        "pocket-speaker-800.jpg",
        "pocket-speaker-800.webp",
    ]
    with Image.open(folder / "pocket-speaker-400.webp") as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (400, 400))
    assert stem_for("zip-hoodie", "Heather Grey") == "zip-hoodie-heather-grey"
    assert image_srcset("/static/img/products/generic.svg") == ""
