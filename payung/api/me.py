"""``GET /api/v1/me``: who the API thinks the caller is."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from payung.accounts.models import User
from payung.core.api_errors import errors

router = Router(tags=["akun"])


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    capabilities: list[str]
    scope_code: str
    scope_name: str
    auth: Literal["session", "token"]


@router.get("/me", response={200: MeOut, **errors()}, summary="Akun pemanggil")
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        role_label=str(user.get_role_display()),
        capabilities=sorted(user.capabilities),
        scope_code=user.scope_code,
        scope_name=user.region.name,
        auth="token" if getattr(request, "api_token", None) is not None else "session",
    )
