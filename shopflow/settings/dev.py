"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# Links in account emails point at the address `make run` serves on (HOST, PORT) unless SITE_URL is set.
SITE_URL = env("SITE_URL", default="") or f"http://{env('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}"
