"""Links in account emails follow the address `make run` serves on, unless SITE_URL says otherwise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def site_url(settings_module, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT")}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=environment | {"DJANGO_SETTINGS_MODULE": settings_module} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8401"}, "http://127.0.0.1:8401"),
        ({"HOST": "shop.test", "PORT": "9000"}, "http://shop.test:9000"),
        ({"PORT": "8401", "SITE_URL": "https://shop.example.com"}, "https://shop.example.com"),
    ],
)
def test_development_links_follow_host_and_port_unless_site_url_is_set(env, expected):
    assert site_url("shopflow.settings.dev", **env) == expected


def test_elsewhere_links_keep_the_configured_address():
    assert site_url("shopflow.settings.test", PORT="8401") == "http://localhost:8000"
