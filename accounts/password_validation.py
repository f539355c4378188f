"""Password validators of our own, next to Django's (settings.AUTH_PASSWORD_VALIDATORS).

- ``MinimumDistinctCharactersValidator``: Django's validators accept ``aaaaaaaaaaaa`` (twelve characters, not
  numeric, not a common password, not like the username). A password needs enough *different* characters.
- ``MinimumLengthValidator``: Django's own, with its message in our catalogue. Django 5.2.x changed that
  message's msgid (``%d`` instead of ``%(min_length)d``) and its Dutch catalogue has not caught up, so the
  message came out in English. ``accounts/tests/test_passwords.py`` checks every configured validator's
  message is Dutch.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. Use at least %(min_length)d character.",
            "This password is too short. Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(min_length)d character.",
            "Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class MinimumDistinctCharactersValidator:
    """Refuses a password with fewer than ``min_distinct`` different characters (``aaaaaaaaaaaa``, ``abababab…``).

    Case counts (``a`` and ``A`` differ); the check is on characters, not on their order, so a long pass
    phrase passes easily and a repeated short pattern does not.
    """

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: Any = None) -> None:
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                ngettext(
                    "This password has too few different characters. Use at least %(min_distinct)d different "
                    "character.",
                    "This password has too few different characters. Use at least %(min_distinct)d different "
                    "characters.",
                    self.min_distinct,
                ),
                code="password_too_few_distinct_characters",
                params={"min_distinct": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min_distinct)d different character.",
            "Your password must contain at least %(min_distinct)d different characters.",
            self.min_distinct,
        ) % {"min_distinct": self.min_distinct}
