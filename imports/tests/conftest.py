from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def _imports_run_synchronously(settings: Any) -> None:
    """The worker thread would use its own database connection, outside the test's transaction."""
    settings.IMPORTS_RUN_SYNC = True


@pytest.fixture
def noord(db: Any) -> dict[str, Any]:
    """Team Noord of Veldstroom with two colleagues whose names the test files use."""
    from organisations.models import Function, Organisation
    from organisations.services import person_create

    organisation = Organisation.objects.get(slug="veldstroom")
    team = organisation.teams.get(name="Team Noord")
    people = {
        name: person_create(
            organisation=organisation,
            team=team,
            name=name,
            function=Function.YOUTH_PROTECTION_WORKER,
            contract_hours=Decimal("32"),
            start_date=dt.date(2020, 1, 1),
        )
        for name in ("Zoë Importtest", "Pim Proefbestand")
    }
    return {"organisation": organisation, "team": team, "people": people}


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()
