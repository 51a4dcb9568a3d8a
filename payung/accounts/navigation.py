"""The navigation each role sees. Apps add entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from payung.accounts.roles import Cap


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Any
    capability: str | None  # None: every signed-in user


NAV: list[NavEntry] = [
    NavEntry("accounts:home", _("Beranda"), None),
    NavEntry("audit:events", _("Audit"), Cap.AUDIT_READ),
    NavEntry("accounts:user_list", _("Pengguna"), Cap.USERS_MANAGE),
    NavEntry("regions:post_list", _("Pos layanan"), Cap.REFERENCE_MANAGE),
    NavEntry("api-1.0.0:openapi-view", _("API"), Cap.API_DOCS),
]


def nav_items(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for entry in NAV:
        if entry.capability and not user.can(entry.capability):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": entry.label, "active": request.path == url})
    return {"nav_items": items}
