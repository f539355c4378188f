"""Summarise the axe-core checks the browser tests ran (written by tests/browser/fixtures.py)."""

import json
import sys
from pathlib import Path

path = Path(sys.argv[1])
rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
pages = {r["url"] for r in rows}
violations = sum(r["violations"] for r in rows)
print(f"== axe-core (WCAG 2.1 AA): {len(rows)} checks on {len(pages)} distinct pages, {violations} violations")
