"""What outreach adds to the staff intake form: "referred by a community leader"
(through ``cases.intake_sources``; cases does not import outreach)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from payung.cases.intake_sources import IntakeSource
from payung.outreach.models import Leader


class LeaderReferralSource(IntakeSource):
    key = "referred_by_leader"
    label = _("Dirujuk oleh tokoh masyarakat")

    def _leaders(self, user: Any) -> Any:
        return Leader.objects.filter(
            user.region_q("region_code"), consent_listed=True, withdrawn_on__isnull=True
        )

    def choices(self, user: Any) -> list[tuple[str, str]]:
        return [
            (str(pk), f"{name} ({kelurahan})")
            for pk, name, kelurahan in self._leaders(user)
            .order_by("name")
            .values_list("pk", "name", "kelurahan__name")[:500]
        ]

    def record(self, *, actor: Any, report: Any, value: str) -> None:
        from payung.outreach import services

        leader = self._leaders(actor).filter(pk=int(value) if value.isdigit() else 0).first()
        if leader is None:
            raise ValidationError({self.key: _("Tokoh tidak dikenal.")})
        services.leader_referral_record(actor=actor, leader=leader, report=report)
