"""The care a case plans and receives: assessment, plan of intervention and its items,
referrals to partner organisations and their answers, delivered services, safe-house stays.

The assessment and plan are casework records (``payung.cases``); referrals, service records
and stays are ``payung.care``'s. A planned service goes to a partner organisation of the
case's kabupaten/kota that offers it (a referral, with the victim's consent to share first),
or is delivered by the centre or the PPT itself.
"""

from __future__ import annotations

import math
from typing import Any

from payung.synthetic import vocab
from payung.synthetic.state import GeneratorState
from payung.synthetic.trail import audit_row
from payung.synthetic.values import DAY, age_group_of, iso, local_day, to_json
from payung.synthetic.world import Kota

ASSESSMENT_COLUMNS = [
    "id",
    "case_id",
    "victim_id",
    "assessed_on",
    "assessed_by_id",
    "levels",
    "physical_note",
    "psychological_note",
    "social_note",
    "economic_note",
    "education_note",
    "summary",
    "economic_empowerment_need",
    "disability_accommodation",
    "created_at",
]
PLAN_COLUMNS = [
    "id",
    "case_id",
    "goals",
    "agreed",
    "agreed_on",
    "agreed_by_id",
    "updated_at",
    "updated_by_id",
]
PLAN_ITEM_COLUMNS = [
    "id",
    "plan_id",
    "service",
    "goal",
    "provider_name",
    "target_date",
    "status",
    "done_on",
    "created_at",
]
STAY_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "shelter_id",
    "case_id",
    "party_id",
    "alias",
    "admitted_at",
    "admitted_by_id",
    "planned_end",
    "admission_note",
    "discharged_at",
    "discharged_by_id",
    "discharge_reason",
    "discharge_note",
]
REFERRAL_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "case_id",
    "victim_id",
    "service_id",
    "organisation_id",
    "urgency",
    "status",
    "shared_fields",
    "snapshot",
    "sent_at",
    "sent_by_id",
    "due_at",
    "status_changed_at",
    "responded_at",
    "responded_by_id",
    "decline_reason",
    "scheduled_for",
    "completed_at",
    "completed_by_id",
    "outcome",
    "cancelled_at",
    "cancelled_by_id",
    "cancel_reason",
]
REFERRAL_EVENT_COLUMNS = [
    "id",
    "referral_id",
    "kind",
    "from_status",
    "to_status",
    "at",
    "actor_id",
    "note",
]
SERVICE_RECORD_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "case_id",
    "victim_id",
    "service_id",
    "simfoni_category",
    "delivered_on",
    "organisation_id",
    "internal_unit",
    "description",
    "outcome",
    "referral_id",
    "recorded_by_id",
]


class CareMixin(GeneratorState):
    def _plan(
        self,
        cid: int,
        number: str,
        kota: Kota,
        reached: dict[str, float],
        forms: list[str],
        victims: list[tuple[int, int, int]],
        guardian_party: int | None,
        flag_child: bool,
        victim_sex: str,
        owner: tuple[int, str],
        unit: str,
        closed_at: float | None,
    ) -> None:
        """Assessment and plan once the case reached "rencana"; each planned service
        referred, delivered in house, or still open."""
        rng = self.rng
        ids = self.ids
        seal = self.seal
        L = self.L
        end = self.end
        closed = closed_at is not None
        at = reached["rencana"] - 3600
        aid = next(ids["cases_assessment"])
        levels = {
            d: rng.choice(["tidak_ada", "ringan", "sedang", "berat"])
            for d in ("fisik", "psikologis", "sosial", "ekonomi", "pendidikan")
        }
        need = levels["ekonomi"] in ("sedang", "berat") and rng.random() < 0.5
        self.t_assessment.add(
            (
                aid,
                cid,
                victims[0][0],
                local_day(at),
                owner[0],
                to_json(levels),
                "",
                seal.text(
                    "Kondisi psikologis korban dicatat (sintetis).",
                    L["Assessment", "psychological_note"],
                ),
                "",
                "",
                "",
                seal.text("Kesimpulan asesmen sintetis.", L["Assessment", "summary"]),
                need,
                rng.random() < 0.03,
                iso(at),
            )
        )
        self.audit.push(
            at,
            audit_row(
                owner,
                "case.assessment",
                "cases.assessment",
                aid,
                number,
                {"levels": [None, levels], "economic_empowerment_need": [None, need]},
            ),
        )
        plan_t = reached["rencana"] + 3600
        agreed_t = reached.get("layanan")
        plan_id = next(ids["cases_caseplan"])
        self.t_plan.add(
            (
                plan_id,
                cid,
                seal.text("Tujuan rencana intervensi (sintetis).", L["CasePlan", "goals"]),
                agreed_t is not None,
                local_day(agreed_t) if agreed_t else None,
                (guardian_party or victims[0][0]) if agreed_t else None,
                iso(agreed_t or plan_t),
                owner[0],
            )
        )
        self.audit.push(
            plan_t,
            audit_row(
                owner,
                "case.plan_save",
                "cases.caseplan",
                plan_id,
                number,
                {"goals": ["", "…"], "agreed": [False, agreed_t is not None]},
            ),
        )
        services = {
            self.d_services.get(f, self.d_services["lainnya"])()
            for f in forms
            for _ in range(rng.randint(1, 2))
        }
        for service in sorted(services):
            offers = self.providers[kota.code].get(service)
            provider = rng.choice(offers) if offers else None
            target = plan_t + rng.randint(3, 30) * DAY
            done_t = None
            if agreed_t is not None:
                if provider is not None and rng.random() < 0.8:
                    done_t = self._referral(
                        cid,
                        number,
                        victims[0],
                        service,
                        provider,
                        kota,
                        agreed_t,
                        closed_at,
                        owner,
                        unit,
                        flag_child,
                        victim_sex,
                    )
                elif closed or rng.random() < 0.5:
                    done_t = agreed_t + self._lognormal_days(10, 0.8)
                    if done_t > min(end, closed_at or end):
                        done_t = None
                    else:
                        self._service_record(
                            cid,
                            number,
                            victims[0][0],
                            service,
                            done_t,
                            None,
                            None,
                            "uptd_ppa" if unit == "pusat" else "ppt",
                            owner,
                        )
            item_status = "selesai" if done_t else ("berjalan" if agreed_t else "direncanakan")
            if closed and not done_t:
                item_status = "batal"
            self.t_item.add(
                (
                    next(ids["cases_planitem"]),
                    plan_id,
                    service,
                    seal.text("Tujuan layanan (sintetis).", L["PlanItem", "goal"]),
                    provider[1] if provider else "",
                    local_day(target),
                    item_status,
                    local_day(done_t) if done_t else None,
                    iso(plan_t),
                )
            )
            if service == "rumah_aman" and agreed_t is not None and kota.shelter:
                self._stay(kota, cid, victims[0][0], agreed_t, owner)

    def _referral(
        self,
        cid: int,
        number: str,
        victim: tuple[int, int, int],
        service: str,
        provider: tuple[int, str],
        kota: Kota,
        agreed: float,
        closed_at: float | None,
        owner: tuple[int, str],
        unit: str,
        child: bool,
        sex: str,
    ) -> float | None:
        """A referral for a planned service, as far as it got; the delivery time if done."""
        rng = self.rng
        ids = self.ids
        end = min(self.end, closed_at) if closed_at else self.end
        party, _pid, age = victim
        rid = next(ids["care_referral"])
        oid, org_name = provider
        staff = kota.organisation_staff.get(oid, owner)
        urgent = rng.random() < (0.45 if child else 0.25)
        urgency = "segera" if urgent else "biasa"
        sent = agreed + self._lognormal_days(1.0, 0.7)
        if sent > end:
            return None
        due = sent + (24 if urgent else 72) * 3600
        service_pk, category, service_name = self.services[service]
        # The provider's answer, the appointment, the delivery (times only if reached).
        steps: list[tuple[str, float, tuple[int, str]]] = []
        roll = rng.random()
        answered = sent + (4 if urgent else 20) * 3600 * math.exp(rng.gauss(0, 0.8))
        if roll < 0.06:
            steps.append(("ditolak", answered, staff))
        elif roll < 0.10:
            steps.append(("dibatalkan", answered, owner))
        else:
            steps.append(("diterima", answered, staff))
            scheduled = answered + self._lognormal_days(2.0, 0.6)
            steps.append(("dijadwalkan", scheduled, staff))
            steps.append(("selesai", scheduled + self._lognormal_days(1.0, 0.8), staff))
        steps = [step for step in steps if step[1] <= end]
        if closed_at is not None and (
            not steps or steps[-1][0] not in ("selesai", "ditolak", "dibatalkan")
        ):
            steps.append(("dibatalkan", closed_at, owner))  # the case closed first
        status = steps[-1][0] if steps else "dikirim"
        times = {name: at for name, at, _who in steps}
        outcome = ""
        if status == "selesai":
            outcome = (
                "terlaksana"
                if rng.random() < 0.85
                else rng.choice(["berlanjut", "sebagian", "tidak_hadir"])
            )
        age_group = age_group_of(age)
        snapshot = to_json(
            {
                "case_number": number,
                "service": service,
                "service_name": service_name,
                "urgency": urgency,
                "alias": "",
                "age_group": age_group,
                "age_group_label": self.age_labels.get(age_group, ""),
                "sex": sex,
                "sex_label": self.sex_labels.get(sex, ""),
                "note": "",
            }
        )
        responded = times.get("diterima") or times.get("ditolak")
        self.t_referral.add(
            (
                rid,
                iso(sent),
                iso(steps[-1][1] if steps else sent),
                cid,
                party,
                service_pk,
                oid,
                urgency,
                status,
                "[]",
                self.seal.text(snapshot, self.L["Referral", "snapshot"]),
                iso(sent),
                owner[0],
                iso(due),
                iso(steps[-1][1] if steps else sent),
                iso(responded) if responded else None,
                staff[0] if responded else None,
                self.seal.text(
                    "Di luar kapasitas layanan (sintetis).", self.L["Referral", "decline_reason"]
                )
                if status == "ditolak"
                else "",
                iso(times["dijadwalkan"]) if "dijadwalkan" in times else None,
                iso(times["selesai"]) if "selesai" in times else None,
                staff[0] if "selesai" in times else None,
                outcome,
                iso(times["dibatalkan"]) if "dibatalkan" in times else None,
                owner[0] if "dibatalkan" in times else None,
                "",
            )
        )
        # Consent to share with this organisation comes first (consent_allows).
        given = sent - 1800
        self.t_consent.add(
            (
                next(ids["cases_consent"]),
                cid,
                party,
                party,
                "berbagi",
                oid,
                org_name,
                "lisan",
                local_day(given),
                "",
                owner[0],
                iso(given),
                None,
                None,
                "",
            )
        )
        before = ""
        events = [("dikirim", sent, owner), *steps]
        for to_status, at, who in events:
            self.t_referral_event.add(
                (
                    next(ids["care_referralevent"]),
                    rid,
                    to_status,
                    before,
                    to_status,
                    iso(at),
                    who[0],
                    "",
                )
            )
            action = {
                "dikirim": "referral.send",
                "diterima": "referral.accept",
                "ditolak": "referral.decline",
                "dijadwalkan": "referral.schedule",
                "selesai": "referral.complete",
                "dibatalkan": "referral.cancel",
            }[to_status]
            changes: dict[str, Any] = {"status": [before or None, to_status]}
            if to_status == "dikirim":
                changes = {
                    "service": [None, service],
                    "organisation": [None, oid],
                    "urgency": [None, urgency],
                    "shared_fields": [None, []],
                    "consent": [None, "persetujuan"],
                }
            self.audit.push(at, audit_row(who, action, "care.referral", rid, number, changes))
            before = to_status
        if status != "selesai":
            return None
        done = times["selesai"]
        self._service_record(cid, number, party, service, done, oid, rid, "", staff, outcome)
        return done if outcome in ("terlaksana", "berlanjut", "sebagian") else None

    def _service_record(
        self,
        cid: int,
        number: str,
        party: int,
        service: str,
        at: float,
        organisation: int | None,
        referral: int | None,
        internal_unit: str,
        recorder: tuple[int, str],
        outcome: str = "terlaksana",
    ) -> int:
        pk = next(self.ids["care_servicerecord"])
        service_pk, category, _name = self.services[service]
        self.t_service_record.add(
            (
                pk,
                iso(at),
                iso(at),
                cid,
                party,
                service_pk,
                category,
                local_day(at),
                organisation,
                internal_unit,
                "",
                outcome,
                referral,
                recorder[0],
            )
        )
        self.audit.push(
            at,
            audit_row(
                recorder,
                "service_record.add",
                "care.servicerecord",
                pk,
                number,
                {"service": [None, service], "outcome": [None, outcome]},
            ),
        )
        return pk

    def _stay(
        self, kota: Kota, cid: int, party: int, admitted: float, owner: tuple[int, str]
    ) -> None:
        rng = self.rng
        assert kota.shelter is not None
        shelter_id, _org, _name = kota.shelter
        out = admitted + self._lognormal_days(21, 0.6)
        discharged = out <= self.end
        self.t_stay.add(
            (
                next(self.ids["care_stay"]),
                iso(admitted),
                iso(out if discharged else admitted),
                shelter_id,
                cid,
                party,
                self.seal.text(
                    f"{rng.choice(vocab.ALIASES)} (nama samaran)", self.L["Stay", "alias"]
                ),
                iso(admitted),
                owner[0],
                local_day(admitted + 21 * DAY),
                "",
                iso(out) if discharged else None,
                (kota.shelter_staff or owner)[0] if discharged else None,
                rng.choice(["pulang", "rencana_selesai"]) if discharged else "",
                "",
            )
        )
