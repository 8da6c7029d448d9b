"""What the small demo shop sells and how it ships: plain data, read by apps.demo.seeding.small."""

from decimal import Decimal as D

# (parent name, leaf name, kind of picture: a key of apps.demo.seeding.images.SILHOUETTES)
CATEGORY_TREE = [
    ("Electronics", "Headphones", "headphones"),
    ("Electronics", "Speakers", "speakers"),
    ("Electronics", "Phones", "phones"),
    ("Home", "Kitchen", "kitchen"),
    ("Home", "Bedding", "bedding"),
    ("Apparel", "T-shirts", "t-shirts"),
    ("Apparel", "Hoodies", "hoodies"),
    ("Books", "Programming", "books"),
]

BRANDS = ["Acme", "Northwind", "Sonora", "Hearth & Co", "Threadline", "Folio Press"]

# leaf name -> (brand, [(product name, price, compare_at_price or None, tags, attributes)])
PRODUCTS = {
    "Headphones": (
        "Sonora",
        [
            (
                "Studio Wireless Headphones",
                D("149.00"),
                D("179.00"),
                ["wireless", "noise-cancelling"],
                {"battery_hours": 30},
            ),
            ("Everyday Earbuds", D("49.00"), None, ["wireless", "compact"], {"battery_hours": 8}),
            ("Reference Monitor Headphones", D("229.00"), None, ["wired", "studio"], {"impedance_ohms": 80}),
            ("Kids Safe Headphones", D("29.00"), D("35.00"), ["kids", "wired"], {"max_db": 85}),
            ("Sport Neckband Earphones", D("39.00"), None, ["wireless", "sport"], {"water_resistance": "IPX5"}),
        ],
    ),
    "Speakers": (
        "Sonora",
        [
            ("Pocket Bluetooth Speaker", D("35.00"), None, ["wireless", "portable"], {"battery_hours": 12}),
            ("Bookshelf Speaker Pair", D("199.00"), D("249.00"), ["wired", "hifi"], {"power_watts": 60}),
            ("Smart Home Speaker", D("89.00"), None, ["wifi", "voice"], {"assistant": "built-in"}),
            ("Outdoor Party Speaker", D("129.00"), None, ["wireless", "outdoor"], {"water_resistance": "IP67"}),
            ("Soundbar 2.1", D("259.00"), D("299.00"), ["tv", "hifi"], {"channels": "2.1"}),
        ],
    ),
    "Phones": (
        "Acme",
        [
            ("Acme Phone 12", D("699.00"), None, ["5g", "dual-sim"], {"storage_gb": 128}),
            ("Acme Phone 12 Mini", D("549.00"), D("599.00"), ["5g", "compact"], {"storage_gb": 128}),
            ("Acme Phone Lite", D("299.00"), None, ["4g", "budget"], {"storage_gb": 64}),
            ("Rugged Outdoor Phone", D("399.00"), None, ["rugged", "4g"], {"water_resistance": "IP68"}),
            ("Senior Easy Phone", D("99.00"), None, ["simple", "big-buttons"], {"storage_gb": 8}),
        ],
    ),
    "Kitchen": (
        "Hearth & Co",
        [
            ("Cast Iron Skillet 26 cm", D("45.00"), None, ["cookware", "oven-safe"], {"material": "cast iron"}),
            ("Chef's Knife 20 cm", D("79.00"), D("99.00"), ["knives"], {"material": "stainless steel"}),
            ("Pour-Over Coffee Set", D("39.00"), None, ["coffee"], {"material": "glass"}),
            ("Bamboo Cutting Board", D("25.00"), None, ["boards", "eco"], {"material": "bamboo"}),
            ("Electric Kettle 1.7 L", D("59.00"), None, ["appliances"], {"power_watts": 2200}),
        ],
    ),
    "Bedding": (
        "Hearth & Co",
        [
            ("Linen Duvet Cover", D("129.00"), D("159.00"), ["linen", "bedroom"], {"material": "linen"}),
            ("Cotton Sheet Set", D("69.00"), None, ["cotton", "bedroom"], {"thread_count": 400}),
            ("Memory Foam Pillow", D("49.00"), None, ["pillows"], {"material": "memory foam"}),
            ("Wool Throw Blanket", D("89.00"), None, ["wool", "living-room"], {"material": "merino wool"}),
            ("Weighted Blanket 7 kg", D("119.00"), None, ["sleep"], {"weight_kg": 7}),
        ],
    ),
    "T-shirts": (
        "Threadline",
        [
            ("Organic Crew T-shirt", D("25.00"), None, ["organic", "basics"], {"material": "organic cotton"}),
            ("Heavyweight Pocket Tee", D("32.00"), D("40.00"), ["basics"], {"material": "cotton", "gsm": 240}),
            ("Merino Travel Tee", D("65.00"), None, ["merino", "travel"], {"material": "merino wool"}),
            ("Graphic Logo Tee", D("29.00"), None, ["graphic"], {"material": "cotton"}),
            ("Long Sleeve Tee", D("35.00"), None, ["basics"], {"material": "cotton"}),
        ],
    ),
    "Hoodies": (
        "Threadline",
        [
            ("Classic Pullover Hoodie", D("59.00"), None, ["fleece"], {"material": "cotton fleece"}),
            ("Zip Hoodie", D("69.00"), D("79.00"), ["fleece", "zip"], {"material": "cotton fleece"}),
            ("Lightweight Summer Hoodie", D("49.00"), None, ["lightweight"], {"material": "cotton jersey"}),
            ("Tech Fleece Hoodie", D("89.00"), None, ["sport"], {"material": "polyester fleece"}),
            ("Kids Hoodie", D("35.00"), None, ["kids"], {"material": "cotton fleece"}),
        ],
    ),
    "Programming": (
        "Folio Press",
        [
            ("PostgreSQL in Depth", D("49.00"), None, ["databases", "postgresql"], {"pages": 520}),
            ("Django for Professionals", D("39.00"), D("45.00"), ["python", "django"], {"pages": 380}),
            ("Designing Data Systems", D("55.00"), None, ["architecture"], {"pages": 610}),
            ("Python Cookbook", D("45.00"), None, ["python"], {"pages": 700}),
            ("The Pragmatic Tester", D("35.00"), None, ["testing"], {"pages": 290}),
        ],
    ),
}

# How the shop describes its products, per category: {name}, {brand} and {detail} (a phrase built
# from the product's attributes, DETAILS below) are filled in.
DESCRIPTIONS = {
    "Headphones": (
        "The {name} from {brand} bring clear, balanced sound to the commute and the desk alike. {detail} "
        "Soft memory-foam cushions stay comfortable for hours, and a braided cable and travel pouch come in the box."
    ),
    "Speakers": (
        "{brand}'s {name} fills a room with warm, detailed sound without taking over the shelf. {detail} "
        "Pair it in seconds over Bluetooth, or plug in with the 3.5 mm input."
    ),
    "Phones": (
        "The {name} by {brand} has a bright edge-to-edge display, a camera that copes with low light, and a "
        "battery that lasts a full day. {detail} Two years of updates and a recycled-aluminium frame."
    ),
    "Kitchen": (
        "{name} from {brand}, made to be used every day and handed down. {detail} "
        "Easy to care for: a rinse, a wipe and it is ready for the next meal."
    ),
    "Bedding": (
        "Sleep better under the {name} from {brand}. {detail} "
        "Breathable, pre-washed for softness, and machine washable at 40 °C."
    ),
    "T-shirts": (
        "The {name} is cut for an easy, modern fit that keeps its shape wash after wash. {detail} "
        "Ribbed crew neck, double-stitched hems, made by {brand}."
    ),
    "Hoodies": (
        "The {name} from {brand} is the one you reach for on cool mornings. {detail} "
        "Lined hood with flat drawcords, ribbed cuffs and a roomy front pocket."
    ),
    "Programming": (
        "{name} ({brand}) takes you from the first principles to the patterns used in production. {detail} "
        "Worked examples, exercises at the end of each chapter, and no filler."
    ),
}

# attribute -> sentence about it
DETAILS = {
    "battery_hours": "Up to {} hours of playback on a charge.",
    "impedance_ohms": "{}-ohm drivers reward a good amplifier.",
    "max_db": "Volume limited to {} dB to protect young ears.",
    "water_resistance": "Rated {} against rain and splashes.",
    "power_watts": "{} W of power.",
    "assistant": "Voice assistant {}: ask for music, timers and the weather.",
    "channels": "{} channels with a wireless subwoofer.",
    "storage_gb": "{} GB of storage.",
    "material": "Made of {}.",
    "thread_count": "{}-thread-count cotton percale.",
    "weight_kg": "Evenly weighted at {} kg.",
    "gsm": "A substantial {} g/m² fabric.",
    "pages": "{} pages.",
}

# Apparel comes in sizes and colours; each combination is a variant with its own SKU and stock.
APPAREL_LEAVES = {"T-shirts", "Hoodies"}
SIZES = ["S", "M", "L"]
COLOURS = ["Black", "Navy"]

WAREHOUSES = [
    ("US-1", "Reno fulfilment centre", "Reno", "NV", "US", 0),
    ("EU-1", "Rotterdam fulfilment centre", "Rotterdam", "", "NL", 1),
]
SUPPLIERS = [("Sonora Audio Ltd", "orders@sonora.example", 10), ("Threadline Mills", "supply@threadline.example", 21)]
CARRIERS = [
    ("ups", "UPS", "https://www.ups.com/track?tracknum={tracking_number}"),
    ("dhl", "DHL", "https://www.dhl.com/track?id={tracking_number}"),
]

US_STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
]
EU_COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]

# zone name, countries, states, [(method name, carrier code, price, free_above, days)]
SHIPPING_ZONES = [
    (
        "United States",
        ["US"],
        US_STATES,
        [
            ("Standard", "ups", D("5.99"), D("50.00"), 5),
            ("Express", "ups", D("14.99"), None, 2),
        ],
    ),
    ("California", ["US"], ["CA"], [("Standard (CA)", "ups", D("4.99"), D("35.00"), 3)]),
    (
        "European Union",
        EU_COUNTRIES,
        [],
        [
            ("Standard", "dhl", D("9.99"), D("80.00"), 7),
            ("Express", "dhl", D("24.99"), None, 3),
        ],
    ),
]

# (country, state, rate, name, applies_to_shipping)
TAX_RATES = [
    ("US", "CA", D("0.0725"), "California sales tax", False),
    ("US", "NY", D("0.0400"), "New York sales tax", False),
    ("US", "TX", D("0.0625"), "Texas sales tax", False),
    ("US", "WA", D("0.0650"), "Washington sales tax", False),
    ("DE", "", D("0.1900"), "Mehrwertsteuer", True),
    ("FR", "", D("0.2000"), "TVA", True),
    ("NL", "", D("0.2100"), "BTW", True),
]

# code, discount type, value, min order amount, description
COUPONS = [
    ("WELCOME10", "percentage", D("10.00"), None, "10 % off your order"),
    ("SAVE5", "fixed_amount", D("5.00"), D("30.00"), "$5 off orders of $30 or more"),
    ("FREESHIP", "free_shipping", D("0.00"), None, "Free shipping"),
]

REVIEWS = [
    ("Studio Wireless Headphones", 5, "Quiet bliss", "The noise cancelling is superb on trains."),
    ("Studio Wireless Headphones", 4, "Great sound", "Comfortable for hours; the case is bulky."),
    ("Organic Crew T-shirt", 5, "My new favourite tee", "Soft, and it kept its shape after many washes."),
    ("Cast Iron Skillet 26 cm", 4, "Heavy but perfect", "Sears steak beautifully."),
    ("PostgreSQL in Depth", 5, "Finally understood MVCC", "Clear chapters on indexes and locking."),
]
