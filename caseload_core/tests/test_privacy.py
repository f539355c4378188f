"""The one privacy threshold: defined once, used everywhere a group is small enough to recognise someone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from caseload_core.privacy import MIN_GROUP, SUPPRESSED_MARK, primary_hidden, threshold_for, too_small

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "staticfiles", "migrations", "tests", ".git", "bench"}


def test_the_threshold_and_its_mark():
    assert MIN_GROUP == 3 and SUPPRESSED_MARK == "<3"
    assert too_small(2) and not too_small(3)
    assert threshold_for(None) == threshold_for(1) == 3 and threshold_for(5) == 5
    assert primary_hidden(1, 10) and primary_hidden(0, 2) and not primary_hidden(0, 3) and not primary_hidden(3, 3)


def _project_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if not SKIP & set(p.relative_to(ROOT).parts)]


def test_no_module_defines_a_threshold_of_its_own():
    """A module-level constant set to the bare number 3 is a second definition of the privacy threshold (the
    reported defect: four of them, and a bare 3 in a fifth place). Other constants that happen to be 3 are
    listed here by name, with what they mean."""
    not_privacy = {
        ("caseload_core/factors.py", "SEVERAL_HEAVY"),  # "several heavy factors" in a scoring round
    }
    found = []
    for path in _project_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel == "caseload_core/privacy.py":
            continue
        for node in ast.parse(path.read_text()).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            value = getattr(node, "value", None)
            if isinstance(value, ast.Constant) and value.value == 3 and not isinstance(value.value, bool):
                for t in targets:
                    if isinstance(t, ast.Name) and (rel, t.id) not in not_privacy:
                        found.append(f"{rel}: {t.id} = 3")
    assert found == [], "use caseload_core.privacy.MIN_GROUP: " + "; ".join(found)


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("reports/exports.py", ("t.people >= 3", '"<3"')),
        ("reports/summary.py", ("< 3", ">= 3")),
        ("monitoring/views.py", ("n < 3", "MIN_GROUP = 3")),
        ("reports/models.py", ("MIN_RESPONDENTS = 3",)),
        ("reports/selectors.py", ("max(3,",)),
        ("scoresheet/models.py", ("MIN_RESPONDENTS_FLOOR = 3",)),
    ],
)
def test_the_places_that_suppress_use_the_threshold(path, names):
    text = (ROOT / path).read_text()
    assert "caseload_core.privacy" in text
    for bare in names:
        assert bare not in text, f"{path}: {bare}"
