"""What privacy adds to the DPO's start page: failed chain checks not yet recorded as a
breach, open and overdue breaches, waiting and overdue data-subject requests (issue #15).
Registered in ``PrivacyConfig.ready()`` through ``accounts.home_extensions``; the figures are
counts over the querysets of the lists they link to (``selectors.dpo_figures``), one query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from payung.accounts.home_extensions import HomeCount, HomeExtension
from payung.privacy import policies, selectors

if TYPE_CHECKING:
    from payung.accounts.models import User


class PrivacyHome(HomeExtension):
    def counts(self, user: User) -> list[HomeCount]:
        if not policies.is_dpo(user):
            return []
        figures = selectors.dpo_figures(user)
        breaches = reverse("privacy:breach_list")
        requests = reverse("privacy:request_list")
        return [
            HomeCount(
                _("Verifikasi rantai audit gagal, belum dicatat sebagai insiden"),
                figures.failed_verifications,
                f"{reverse('audit:events')}?action=audit.verify&failed=on",
                urgent=True,
            ),
            HomeCount(
                _("Insiden kebocoran belum ditutup"),
                figures.open_breaches,
                f"{breaches}?tampil=terbuka",
            ),
            HomeCount(
                _("Insiden lewat batas pemberitahuan 3×24 jam"),
                figures.overdue_breaches,
                f"{breaches}?tampil=lewat",
                urgent=True,
            ),
            HomeCount(
                _("Permintaan subjek data menunggu keputusan"),
                figures.open_requests,
                f"{requests}?tampil=menunggu",
            ),
            HomeCount(
                _("Permintaan subjek data lewat batas waktu"),
                figures.overdue_requests,
                f"{requests}?tampil=lewat",
                urgent=True,
            ),
        ]
