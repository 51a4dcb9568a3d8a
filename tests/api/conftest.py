from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache

from payung.accounts.models import User
from payung.accounts.services import api_token_create


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    # The rate limiter counts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_token(db: None) -> Callable[[User], str]:
    """A usable personal token for ``user``, made by the accounts service; returns the secret."""

    def make(user: User, name: str = "integrasi uji") -> str:
        _token, raw = api_token_create(actor=user, name=name)
        return raw

    return make


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}
