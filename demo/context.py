from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "caseload-demo-2026"
"""The password of every demo login. Demo data is fictional; never load it into a production database."""


@dataclass
class DemoContext:
    """Shared between demo steps: the pretend 'today', seeded randomness, and the logins made so far."""

    today: dt.date
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A random generator seeded per step, so that every run builds the same demo."""
        return random.Random(f"caseloadwijzer-demo-{name}")

    def logins_table(self) -> str:
        lines = ["", f"Demo logins (password for all: {DEMO_PASSWORD})", ""]
        width = max((len(u) for u, _r, _o in self.logins), default=10)
        for username, role, organisation in self.logins:
            lines.append(f"  {username.ljust(width)}  {role} — {organisation}")
        return "\n".join(lines) + "\n"
