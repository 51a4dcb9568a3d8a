"""The API tests' fixtures (fresh rate limiter, personal tokens) for the care tests too."""

from __future__ import annotations

from tests.api.conftest import _fresh_throttle, make_token  # noqa: F401 - pytest fixtures
