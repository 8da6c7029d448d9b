"""How passwords are stored and which ones are refused (settings PASSWORD_HASHERS and
AUTH_PASSWORD_VALIDATORS)."""

import re

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django_zxcvbn_password_validator import ZxcvbnPasswordValidator

# zxcvbn refuses to score longer passwords; a longer passphrase is judged on its first 72 characters,
# which can only make it look weaker than it is.
ZXCVBN_MAX_LENGTH = 72
# A password made of the user's own words is judged up to this many letters (once repeats are
# folded): longer ones are not a name with digits added, and the check costs the square of the length.
PERSONAL_LETTERS_CHECKED = 64
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


def personal_words(user) -> list[str]:
    """What a person builds a password from: their names, and the parts of their email
    ("ada.lovelace@example.com" gives "ada", "lovelace" and "example"), lowercased."""
    email = getattr(user, "email", "") or ""
    local, _, domain = email.partition("@")
    words = [getattr(user, "first_name", ""), getattr(user, "last_name", ""), *re.split(r"[\W_]+", local)]
    words += domain.split(".")[:-1]
    return [word.lower() for word in words if word and len(word) > 2]


def _repeated_unit(text) -> str:
    """The shortest piece `text` repeats ("adaada" gives "ada"), or `text` itself."""
    period = (text + text).find(text, 1)
    return text[:period] if 0 < period < len(text) else text


def _made_of(text, words) -> bool:
    """Whether `text` can be cut into pieces that are all in `words`."""
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(reachable[start] and text[start:end] in words for start in range(end))
    return bool(text) and reachable[-1]


class PersonalWordsValidator:
    """Refuses a password that is the user's own words with digits or symbols around or between them
    ("lovelace1815", "Ada@example2024", "Shopflow2024!"): the first guesses of an attacker who knows
    whose account it is. zxcvbn scores some of them strong."""

    def validate(self, password, user=None):
        words = {*personal_words(user), *settings.PASSWORD_EXTRA_DICTIONARY}
        letters = _repeated_unit(re.sub(r"[^a-z]+", "", password.lower()))
        if len(letters) <= PERSONAL_LETTERS_CHECKED and _made_of(letters, words):
            raise ValidationError(
                "This password is made of your name, your email address or the shop's name.",
                code="password_too_personal",
            )

    def get_help_text(self):
        return "Your password can't be your name, your email address or the shop's name with digits or symbols added."


class GuessabilityValidator(ZxcvbnPasswordValidator):
    """Refuses a password an attacker would guess soon, by zxcvbn (Dropbox's estimator, offline: its
    word lists ship with the package) through django-zxcvbn-password-validator: keyboard walks
    ("1qaz2wsx3edc"), repeats ("aaaaaaaaaaaa"), sequences, dates, common words and names, look-alike
    letters, the user's own words. The score (0 to 4) must reach PASSWORD_MINIMAL_STRENGTH;
    PASSWORD_EXTRA_DICTIONARY adds the shop's own words."""

    def _run_zxcvbn(self, password, user=None):
        return super()._run_zxcvbn(password[:ZXCVBN_MAX_LENGTH], user)

    def _get_user_inputs(self, user):
        return [*super()._get_user_inputs(user), *personal_words(user)]
