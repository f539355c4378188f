"""Reading figures back from the pages as a user sees them: tables, cards and Dutch numbers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_NUMBER = re.compile(r"-?\d+(?:\.\d{3})*(?:,\d+)?")


def numbers(text: str) -> list[float]:
    """Every number in a Dutch text ("36,0–40,0" → [36.0, 40.0]; "-3%" → [-3.0])."""
    return [float(n.replace(".", "").replace(",", ".")) for n in _NUMBER.findall(text.replace("−", "-"))]


def shown(text: str) -> float | None:
    """A figure cell: None when it shows "—", else its first number."""
    if text.strip().startswith("—") or not text.strip():
        return None
    found = numbers(text)
    return found[0] if found else None


def close(value: float | None, expected: float | None, digits: int) -> bool:
    """Whether a figure shown with ``digits`` decimals is ``expected`` (both None, or equal when rounded)."""
    if expected is None or (isinstance(expected, float) and not math.isfinite(expected)):
        return value is None
    if value is None:
        return False
    return abs(value - expected) <= 0.5 * 10**-digits + 1e-6


@dataclass
class Table:
    caption: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def by_first(self) -> dict[str, list[str]]:
        return {r[0]: r for r in self.rows if r}

    def column(self, label: str) -> int:
        for i, h in enumerate(self.head):
            if h == label:
                return i
        raise KeyError(f"no column {label!r} in {self.head}")


class PageParser(HTMLParser):
    """Tables (caption, header, rows of cell texts) and cards (heading → figure text, explanation)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.cards: dict[str, tuple[str, str]] = {}
        self.by_class: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str]] = []
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._caption: list[str] | None = None
        self._card: dict[str, list[str]] | None = None
        self._card_part = ""
        self._capture: list[tuple[str, list[str], int]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("svg", "script", "style"):
            self._stack.append((tag, "skip"))
        if tag not in ("br", "img", "input", "link", "meta"):
            self._depth += 1
            for c in ("team-signal", "explain", "lead"):
                if c in classes:
                    self._capture.append((c, [], self._depth))
        if tag == "table":
            self._table = Table()
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "li" and "card" in classes:
            self._card = {"h3": [], "value": [], "explain": []}
        elif self._card is not None and tag == "h3":
            self._card_part = "h3"
        elif self._card is not None and "figure-value" in classes:
            self._card_part = "value"
        elif self._card is not None and "explain" in classes:
            self._card_part = "explain"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "script", "style") and self._stack:
            self._stack.pop()
        if tag not in ("br", "img", "input", "link", "meta"):
            while self._capture and self._capture[-1][2] == self._depth:
                name, parts, _depth = self._capture.pop()
                self.by_class.setdefault(name, []).append(" ".join("".join(parts).split()))
            self._depth -= 1
        if tag == "caption" and self._caption is not None and self._table is not None:
            self._table.caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._in_head:
                self._table.head = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "li" and self._card is not None:
            self.cards[" ".join("".join(self._card["h3"]).split())] = (
                " ".join("".join(self._card["value"]).split()),
                " ".join("".join(self._card["explain"]).split()),
            )
            self._card = None
        elif tag in ("h3", "p") and self._card is not None:
            self._card_part = ""

    def handle_data(self, data: str) -> None:
        if self._stack:
            return
        for _name, parts, _depth in self._capture:
            parts.append(data)
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._card is not None and self._card_part:
            self._card[self._card_part].append(data)

    def table(self, caption_start: str) -> Table:
        for t in self.tables:
            if t.caption.startswith(caption_start):
                return t
        raise KeyError(f"no table captioned {caption_start!r}: {[t.caption for t in self.tables]}")


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser
