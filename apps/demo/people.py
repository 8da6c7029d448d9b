"""Who a newcomer signs in as after `make run` (the README names them); the loaders are in apps.demo.seeding."""

DEMO_PASSWORD = "shopflow-demo"
DEMO_CUSTOMERS = [
    ("ada@example.com", "Ada", "Lovelace"),
    ("grace@example.com", "Grace", "Hopper"),
    ("alan@example.com", "Alan", "Turing"),
]
