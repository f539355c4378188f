from __future__ import annotations

from typing import Any

import pytest

from api.services import api_token_create
from organisations.models import Organisation


@pytest.fixture
def token(db: Any) -> str:
    """A plain token of Veldstroom."""
    _token, plain = api_token_create(organisation=Organisation.objects.get(slug="veldstroom"), name="test")
    return plain


@pytest.fixture
def other_token(db: Any) -> str:
    _token, plain = api_token_create(organisation=Organisation.objects.get(slug="heidemeer"), name="test")
    return plain


def bearer(plain: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plain}"}
