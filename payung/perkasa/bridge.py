"""Perkasa's side of the bridge from protection (issue #12 part 7): the receiver of the case
plan's "Pemberdayaan ekonomi" referrals, plugged into ``payung.cases.empowerment`` from
``PerkasaConfig.ready()``.

What arrives is only ``ReferredPerson`` (name, NIK, contact, kelurahan, birth date); what goes
back is the registration's id and, later, one line of status per registration. The case's
link to the registration lives on the cases side; nothing here stores a case reference.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payung.cases.empowerment import EmpowermentReceiver, Received, ReferredPerson
from payung.perkasa import choices, services
from payung.perkasa.models import Enrolment, Registrant

#: The unit a victim's sharing consent names (Consent.organisation_name).
PERKASA_UNIT = "Unit Perkasa DP3AKB"


class PerkasaReceiver(EmpowermentReceiver):
    organisation_name = PERKASA_UNIT
    label = gettext_lazy("Perkasa (Perempuan Kepala Keluarga Sejahtera)")

    def refer(self, *, actor: Any, person: ReferredPerson) -> Received:
        referred = services.registrant_refer(
            actor=actor,
            name=person.name,
            nik=person.nik,
            phone=person.phone,
            kelurahan=person.kelurahan,
            birth_date=person.birth_date,
        )
        return Received(reference=referred.registrant.pk, existing=referred.existing)

    def statuses(self, references: list[int]) -> dict[int, str]:
        return referral_statuses(references)

    def consent_withdrawn(self, *, actor: Any, reference: int) -> None:
        services.referral_marker_clear(actor=actor, registrant_id=reference)


def referral_statuses(references: list[int]) -> dict[int, str]:
    """ "Terdaftar — <status> — peserta <programme>" per registration: its status and the
    programmes it is enrolled in, nothing else (two queries)."""
    rows = (
        Registrant.objects.filter(pk__in=references)
        .only("pk", "status", "merged_into_id")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("cycle__programme").only(
                    "registrant_id", "cycle__label", "cycle__programme__name"
                ),
            )
        )
    )
    out: dict[int, str] = {}
    for registrant in rows:
        parts = [_("Terdaftar"), str(registrant.get_status_display()).lower()]
        if registrant.status == choices.Status.MERGED:
            parts = [_("Terdaftar"), _("digabung dengan pendaftaran lain")]
        for enrolment in registrant.enrolments.all():
            parts.append(_("peserta %(programme)s") % {"programme": enrolment.cycle.programme.name})
        out[registrant.pk] = " — ".join(parts)
    return out
