"""The error of a file that cannot be read as a table, raised by ``imports.limits`` and ``imports.reading``
(here, so that neither module has to import the other to raise it)."""

from __future__ import annotations


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why, in the user's language."""
