"""How passwords are stored and which ones are refused (settings PASSWORD_HASHERS and
AUTH_PASSWORD_VALIDATORS)."""

import re

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

# Leetspeak people use to dress up a common word: "P@ssw0rd" is "password".
LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"})


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane.

    Django's defaults (100 MiB, 8 lanes) cost five times the memory per sign-in for no required
    gain. The algorithm name is Django's, so stored hashes keep verifying and are re-hashed with
    these parameters at the next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1


class CommonPatternValidator:
    """Refuses a common password dressed up: capitals, leetspeak, digits or symbols around it
    ("Password123!", "P@ssw0rd2024", "!!qwerty!!"), the breached patterns CommonPasswordValidator's
    exact match lets through. A long passphrase of ordinary words passes."""

    def __init__(self):
        self.common = CommonPasswordValidator().passwords

    def _core(self, password):
        stripped = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.strip().lower())
        return stripped.translate(LEET) if stripped else password.lower().translate(LEET)

    def validate(self, password, user=None):
        core = self._core(password)
        if core in self.common or re.sub(r"[\W\d_]+$", "", core) in self.common:
            raise ValidationError("This password is a common password in disguise.", code="password_too_common")

    def get_help_text(self):
        return "Your password can't be a common password with digits, symbols or look-alike letters added."
