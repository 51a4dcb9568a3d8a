"""The navigation each role sees. Apps add entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from payung.accounts import home_extensions
from payung.accounts.roles import Cap, Role
from payung.accounts.two_factor import pending_step
from payung.notifications.selectors import unread_count

# The unread-notification count beside "Pemberitahuan" (issue #15); cases adds the triage
# count the same way from its AppConfig.ready().
home_extensions.register_badge("notifications:list", unread_count)

# Roles that work case records (provider and shelter staff see referrals in the care app).
CASE_ROLES = frozenset({Role.PPT_OFFICER, Role.CASE_MANAGER, Role.SUPERVISOR})


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Any
    capability: str | None  # None: every signed-in user
    roles: frozenset[str] | None = None  # and, if set, only these roles


NAV: list[NavEntry] = [
    NavEntry("accounts:home", _("Beranda"), None),
    NavEntry("cases:case_list", _("Kasus"), Cap.CASE_CONTENT, CASE_ROLES),
    NavEntry("cases:deadlines", _("Tenggat"), Cap.CASE_CONTENT, CASE_ROLES),
    NavEntry("cases:closure_queue", _("Penutupan"), Cap.CASE_APPROVE_CLOSURE),
    NavEntry("cases:report_list", _("Laporan"), Cap.REPORT_INTAKE),
    NavEntry("cases:triage_queue", _("Triase"), Cap.REPORT_TRIAGE),
    NavEntry("care:my_tasks", _("Tugas"), Cap.CASE_CONTENT, CASE_ROLES),
    NavEntry("care:my_visits", _("Kunjungan"), Cap.CASE_CONTENT, CASE_ROLES),
    NavEntry("care:referral_list", _("Rujukan"), Cap.REFERRAL_MAKE),
    NavEntry("care:referral_inbox", _("Rujukan masuk"), Cap.REFERRAL_INBOX),
    NavEntry("care:directory", _("Mitra layanan"), Cap.REFERRAL_MAKE),
    NavEntry("care:shelter_list", _("Rumah aman"), Cap.REFERRAL_MAKE),
    NavEntry("care:shelter_residents", _("Rumah aman"), Cap.SHELTER),
    NavEntry("outreach:activity_list", _("Sosialisasi"), Cap.OUTREACH),
    NavEntry("perkasa:registrant_list", _("Perkasa"), Cap.PERKASA),
    NavEntry("insights:dashboard", _("Statistik"), Cap.STATS),
    NavEntry("notifications:list", _("Pemberitahuan"), None),
    NavEntry("audit:events", _("Audit"), Cap.AUDIT_READ),
    NavEntry("privacy:home", _("Privasi"), Cap.PRIVACY),
    NavEntry("accounts:user_list", _("Pengguna"), Cap.USERS_MANAGE),
    NavEntry("accounts:approval_list", _("Persetujuan akun"), Cap.USERS_APPROVE),
    NavEntry("regions:post_list", _("Pos layanan"), Cap.REFERENCE_MANAGE),
    NavEntry("care:organisation_list", _("Mitra & layanan"), Cap.REFERENCE_MANAGE),
    NavEntry("cases:deadline_rules", _("Batas waktu triase"), Cap.REFERENCE_MANAGE),
    NavEntry("cases:case_deadline_rules", _("Aturan tenggat kasus"), Cap.REFERENCE_MANAGE),
    NavEntry("calendar:holiday_list", _("Hari libur"), Cap.REFERENCE_MANAGE),
    NavEntry("notifications:outbox_failed", _("Pesan gagal"), Cap.USERS_MANAGE),
    NavEntry("api-1.0.0:openapi-view", _("API"), Cap.API_DOCS),
]


def nav_items(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_locked": False}
    if pending_step(request) is not None:
        # Until the second factor is done, every other page redirects: offer no links.
        return {"nav_items": [], "nav_locked": True}
    items = []
    for entry in NAV:
        if entry.capability and not user.can(entry.capability):
            continue
        if entry.roles is not None and user.role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        # Sub-pages (a user's edit page under the user list) keep their section highlighted;
        # the start page only when it is the page itself.
        active = request.path == url or (
            entry.url_name != "accounts:home" and request.path.startswith(url)
        )
        badge_fn = home_extensions.badge_for(entry.url_name)
        badge = badge_fn(user) if badge_fn is not None else 0
        items.append({"url": url, "label": entry.label, "active": active, "badge": badge})
    # Only the most specific section is current: /kasus/laporan/ is "Laporan", not "Kasus".
    current = [i for i in items if i["active"]]
    if len(current) > 1:
        best = max(current, key=lambda i: len(i["url"]))
        for item in current:
            item["active"] = item is best
    return {"nav_items": items, "nav_locked": False}
