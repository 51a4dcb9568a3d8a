"""Reports as they arrive: channel, reporter, the victim as reported, triage within the
risk level's deadline, and the outcome — a new case, attached to a recent one, referred out,
or not a case. Each report's code continues the product's code space without a collision.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from payung.identity import blind_index
from payung.synthetic.cases import CasesMixin
from payung.synthetic.trail import access_row, audit_row
from payung.synthetic.values import (
    DAY,
    age_group_of,
    iso,
    local_day,
    phone_number,
    street_address,
    to_json,
)
from payung.synthetic.world import Village, person_name

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REPORT_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "code",
    "pin_hash",
    "pin_failures",
    "idempotency_fingerprint",
    "channel",
    "received_at",
    "received_by_id",
    "source_reference",
    "region_code",
    "kelurahan_id",
    "outside_city",
    "outside_city_place",
    "address_detail",
    "place_category",
    "reporter_anonymous",
    "reporter_name",
    "reporter_relation",
    "reporter_phone",
    "reporter_phone_index",
    "reporter_email",
    "contact_channel",
    "contact_safe_times",
    "violence_forms",
    "description",
    "incident_date",
    "incident_date_approximate",
    "victim_name",
    "victim_age",
    "victim_age_group",
    "victim_sex",
    "victim_is_child",
    "victim_disability",
    "danger_now",
    "risk_level",
    "risk_provisional",
    "due_at",
    "flag_child",
    "flag_sexual",
    "flag_disability",
    "consent",
    "consent_text",
    "status",
    "public_status",
    "public_message",
    "case_id",
    "referred_to",
    "not_case_reason",
    "triaged_at",
    "triaged_by_id",
]
REPORT_EVENT_COLUMNS = [
    "id",
    "report_id",
    "kind",
    "at",
    "actor_id",
    "data",
    "note",
]


class ReportsMixin(CasesMixin):
    def _new_code(self) -> str:
        # A bijection of a counter onto 31^8 codes: unique without remembering them all.
        while True:
            n = (next(self.code_counter) * 7_919_981) % 31**8
            chars = []
            for _ in range(8):
                n, r = divmod(n, 31)
                chars.append(CODE_ALPHABET[r])
            code = "".join(chars)
            if code not in self.taken_codes:
                return code

    def _report(self, t0: float, village: Village) -> None:
        rng = self.rng
        ids = self.ids
        seal = self.seal
        L = self.L
        kota = village.kota
        rid = next(ids["cases_report"])
        self.counts["reports"] += 1
        outcome = self.d_outcome()
        channel = self.d_channel()
        web = channel == "web"
        triager = rng.choice(kota.managers) if rng.random() < 0.8 else kota.supervisor
        if web:
            received_by = None
        elif village.ppt_officer is not None and rng.random() < 0.3:
            received_by = village.ppt_officer
        else:
            received_by = triager
        risk = self.d_risk()
        danger_now = risk == "tinggi" and rng.random() < 0.5
        n_forms = self.d_form_count()
        forms = sorted({self.d_form() for _ in range(n_forms)})
        place = self.d_place()
        # 79% of victims are women and girls (docs/performance.md, SIMFONI-PPA): one draw for
        # every age. (A second draw for children used to bring it to ~72%.)
        victim_sex = "p" if rng.random() < 0.79 else "l"
        lo, hi = self.victim_ages()
        victim_age = rng.randint(lo, hi)
        is_child = victim_age < 18
        age_known = rng.random() < 0.85
        flag_sexual = "seksual" in forms or "tppo" in forms
        due = t0 + self.triage_hours.get(risk, 6) * 3600
        # Triage: high risk within the hour, others within hours to days; a few reports wait.
        median_hours = {"tinggi": 0.4, "sedang": 4.0, "rendah": 30.0}.get(risk, 6.0)
        triaged: float | None = t0 + median_hours * math.exp(rng.gauss(0, 0.9)) * 3600
        backlog = self.end - t0 < 30 * DAY and rng.random() < 0.03
        if triaged is not None and (triaged > self.end or backlog):
            triaged = None  # still in the triage queue
        relation = self.d_relation()
        anonymous = relation != "korban" and rng.random() < 0.35
        contact = self.d_contact()
        reporter_name = (
            ""
            if anonymous or relation == "korban"
            else person_name(rng, "p" if rng.random() < 0.7 else "l")
        )
        phone = phone_number(rng) if contact in ("telepon", "whatsapp", "sms") else ""
        victim_name = person_name(rng, victim_sex) if rng.random() < 0.75 else ""
        incident_day = t0 - rng.expovariate(1 / 20) * DAY
        description = self._chronology()
        case_id = None
        status = "baru"
        public_status = "diterima"
        not_case_reason = ""
        referred_to = ""
        events: list[tuple[str, float, Any, dict[str, Any]]] = [
            (
                "diterima",
                t0,
                received_by,
                {"channel": channel, "risk_level": risk, "attachment": False},
            )
        ]
        case_closed = False
        if triaged is not None:
            if outcome == "attach" and village.code[:5] in self.recent_case:
                case_id, number = self.recent_case[village.code[:5]]
                status, public_status = "kasus", "ditangani"
                events.append(("digabung", triaged, triager, {"case": number}))
            elif outcome == "refer_out":
                status, public_status = "dirujuk_keluar", "selesai"
                referred_to = "Layanan di luar wilayah (sintetis)"
                events.append(("dirujuk_keluar", triaged, triager, {"referred_to": referred_to}))
            elif outcome == "not_case" or outcome == "attach":
                status, public_status = "bukan_kasus", "selesai"
                not_case_reason = self.d_not_case()
                events.append(("bukan_kasus", triaged, triager, {"reason": not_case_reason}))
            else:
                status, public_status = "kasus", "ditangani"
                case_id, number, case_closed = self._case(
                    rid,
                    t0,
                    triaged,
                    village,
                    triager,
                    risk,
                    forms,
                    place,
                    (victim_sex, victim_age, victim_name),
                    relation,
                    reporter_name,
                    phone,
                )
                if case_closed:
                    public_status = "selesai"
                events.append(("kasus_dibuka", triaged, triager, {"case": number}))
        code = self._new_code()
        pin = f"{rng.randrange(10**6):06d}"
        age_group = age_group_of(victim_age) if age_known else ""
        self.t_report.add(
            (
                rid,
                iso(t0),
                iso(triaged or t0),
                code,
                self.pin_hash(pin),
                0,
                "",
                channel,
                iso(t0),
                received_by[0] if received_by else None,
                "SINTETIS",
                village.code,
                village.id,
                False,
                "",
                seal.text(street_address(rng), L["Report", "address_detail"])
                if rng.random() < 0.5
                else "",
                place,
                anonymous,
                seal.text(reporter_name, L["Report", "reporter_name"]),
                relation,
                seal.text(phone, L["Report", "reporter_phone"]),
                self.index(phone, blind_index.PHONE) if phone else "",
                seal.text("pelapor@contoh.invalid", L["Report", "reporter_email"])
                if contact == "email"
                else "",
                contact,
                "",
                to_json(forms),
                seal.text(description, L["Report", "description"]),
                local_day(incident_day),
                rng.random() < 0.4,
                seal.text(victim_name, L["Report", "victim_name"]),
                seal.text(str(victim_age), L["Report", "victim_age"]) if age_known else None,
                age_group,
                victim_sex,
                ("ya" if is_child else "tidak") if age_known else "tidak_tahu",
                "ya" if rng.random() < 0.03 else "tidak_tahu",
                danger_now,
                risk,
                triaged is None,
                iso(due),
                is_child and age_known,
                flag_sexual,
                False,
                web or rng.random() < 0.5,
                self.consent_text if web else "",
                status,
                public_status,
                "",
                case_id,
                referred_to,
                not_case_reason,
                iso(triaged) if triaged else None,
                triager[0] if triaged is not None else None,
            )
        )
        for kind, at, actor, data in events:
            self.t_report_event.add(
                (
                    next(ids["cases_reportevent"]),
                    rid,
                    kind,
                    iso(at),
                    actor[0] if actor else None,
                    to_json(data),
                    "",
                )
            )
        rlabel = f"laporan:{rid}"
        self.audit.push(
            t0,
            audit_row(
                received_by,
                "report.create",
                "cases.report",
                rid,
                rlabel,
                {
                    "channel": [None, channel],
                    "region_code": [None, village.code],
                    "risk_level": [None, risk],
                    "danger_now": [None, danger_now],
                },
            ),
        )
        if triaged is not None:
            self.access.push(
                max(t0, triaged - 60),
                access_row(
                    triager, "cases.report", rid, rlabel, "report.view", f"/kasus/laporan/{rid}/"
                ),
            )
            self.audit.push(
                triaged,
                audit_row(
                    triager,
                    {
                        "kasus": "report.open_case"
                        if events[-1][0] == "kasus_dibuka"
                        else "report.attach",
                        "dirujuk_keluar": "report.refer_out",
                        "bukan_kasus": "report.close_not_case",
                    }[status],
                    "cases.report",
                    rid,
                    rlabel,
                    {"status": ["baru", status]},
                ),
            )


def pin_hasher(codes: Any) -> Callable[[str], str]:
    """The product's PIN hash when it is a fast keyed hash; else one slow hash reused (the
    synthetic reports' PINs are never shown to anyone, so nobody needs to check them)."""
    fast = getattr(codes, "hash_pin", None)
    if fast is not None:
        return fast  # type: ignore[no-any-return]
    from django.contrib.auth.hashers import make_password

    fixed = make_password(f"{random.SystemRandom().randrange(10**6):06d}")
    return lambda _pin: fixed
