"""A case from the report it was opened from to its closure: the lifecycle through the
status machine, incidents, the case row and its status changes, the closure request,
consent, deadlines, notes and documents. Its people are ``people.py``'s, its plan and
services ``care.py``'s.
"""

from __future__ import annotations

import math
from typing import Any

from payung.synthetic import vocab
from payung.synthetic.care import CareMixin
from payung.synthetic.people import PeopleMixin
from payung.synthetic.trail import access_row, audit_row
from payung.synthetic.values import (
    DAY,
    iso,
    local_day,
    local_year,
    poisson,
    street_address,
    to_json,
)
from payung.synthetic.world import Village

# Shares of the case's life (issue #16: the data set had no stale overdue cases, no
# reassignment and no edits): cases that stop moving and are never closed; cases handed to
# another case manager once; edits of risk level or kelurahan per case (Poisson mean).
STALLED_SHARE = 0.05
ASSIGNED_SHARE = 0.12
UPDATES_PER_CASE = 0.3

CASE_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "number",
    "year",
    "sequence",
    "status",
    "region_code",
    "unit",
    "kelurahan_id",
    "risk_level",
    "owner_id",
    "created_by_id",
    "created_from_id",
    "reported_at",
    "version",
    "status_changed_at",
    "closed_at",
    "closure_reason",
    "flag_kdrt",
    "flag_tpks",
    "flag_child",
    "violence_tags",
]
TEAM_COLUMNS = [
    "id",
    "case_id",
    "user_id",
]
INCIDENT_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "case_id",
    "occurred_on",
    "date_approximate",
    "place_category",
    "kelurahan_id",
    "address",
    "violence_forms",
    "trafficking_subtypes",
    "gbv_core_type",
    "chronology",
    "relationship",
    "kdrt",
    "tpks",
    "created_by_id",
]
# Incident.victims.through and Incident.perpetrators.through
INCIDENT_PARTY_COLUMNS = ["id", "incident_id", "caseparty_id"]
STATUS_CHANGE_COLUMNS = [
    "id",
    "case_id",
    "from_status",
    "to_status",
    "at",
    "actor_id",
    "reason",
    "note",
]
CLOSURE_COLUMNS = [
    "id",
    "case_id",
    "state",
    "reason",
    "note",
    "requested_by_id",
    "requested_at",
    "decided_by_id",
    "decided_at",
    "decision_note",
]
DEADLINE_COLUMNS = [
    "id",
    "case_id",
    "rule_id",
    "title",
    "due_at",
    "state",
    "met_at",
    "met_by_id",
    "requested_on",
    "granted_on",
    "protection_until",
    "note",
    "created_at",
    "created_by_id",
]
CONSENT_COLUMNS = [
    "id",
    "case_id",
    "subject_id",
    "given_by_id",
    "purpose",
    "organisation_id",
    "organisation_name",
    "method",
    "given_on",
    "note",
    "recorded_by_id",
    "recorded_at",
    "withdrawn_at",
    "withdrawn_by_id",
    "withdrawal_note",
]
DOCUMENT_COLUMNS = [
    "id",
    "ref",
    "content_type",
    "size",
    "original_name",
    "sealed",
    "uploaded_at",
    "uploaded_by_id",
    "case_id",
    "party_id",
    "kind",
    "description",
]
NOTE_COLUMNS = [
    "id",
    "case_id",
    "author_id",
    "at",
    "body",
    "confidential",
]


class CasesMixin(PeopleMixin, CareMixin):
    def _case(
        self,
        rid: int,
        t0: float,
        t1: float,
        village: Village,
        triager: tuple[int, str],
        risk: str,
        forms: list[str],
        place: str,
        victim: tuple[str, int, str],
        relation: str,
        reporter_name: str,
        reporter_phone: str,
    ) -> tuple[int, str, bool]:
        rng = self.rng
        ids = self.ids
        seal = self.seal
        L = self.L
        end = self.end
        kota = village.kota
        cid = next(ids["cases_case"])
        self.counts["cases"] += 1
        year = local_year(t1)
        seq = self.next_seq.get(year) or self.counters.get(year, 0) + 1 + self.part[0]
        self.next_seq[year] = seq + self.part[1]
        self.last_seq[year] = seq
        number = self.pattern.format(year=year, seq=seq)
        self.recent_case[village.code[:5]] = (cid, number)
        owner = rng.choice(kota.managers)
        unit = "ppt" if village.ppt_officer is not None and rng.random() < 0.15 else "pusat"
        relationship = self.d_relationship()
        kdrt = place == "rumah_tangga" and relationship in ("suami_istri", "orang_tua", "keluarga")
        tpks = "seksual" in forms
        victim_sex = victim[0]

        # --- the lifecycle: moves through the state machine, maybe an early closure
        stages = ("asesmen", "rencana", "layanan", "pemantauan")
        medians = (1.5, 4.0, 3.0, 35.0)
        early = rng.random() < 0.13
        # Stalled: a case that stops moving at some stage and is never closed (the case
        # manager left, the victim cannot be reached and nobody closes it). Its open deadlines
        # stay overdue for months or years, as in any real register (issue #16).
        stalled = not early and rng.random() < STALLED_SHARE
        last_stage = rng.randint(-1, 3) if early else (rng.randint(-1, 2) if stalled else 3)
        moves: list[tuple[str, str, float, str]] = []
        t = t1
        before = "baru"
        for i in range(last_stage + 1):
            t += self._lognormal_days(medians[i], 0.7)
            moves.append((before, stages[i], t, ""))
            before = stages[i]
        request_t = t + self._lognormal_days(30.0 if not early else 7.0, 0.7)
        decided_t = request_t + self._lognormal_days(2.0, 0.6)
        if stalled:
            request_t = decided_t = math.inf
        reason = (
            self.d_closure()
            if not early
            else rng.choice(["korban_menolak", "tidak_dapat_dihubungi", "pindah", "dirujuk_keluar"])
        )
        rejected_first = rng.random() < 0.04
        closure_rows = []
        if rejected_first and decided_t <= end:
            closure_rows.append(("ditolak", reason, request_t, decided_t))
            request_t = decided_t + self._lognormal_days(14.0, 0.5)
            decided_t = request_t + self._lognormal_days(2.0, 0.6)
        if request_t <= end:
            closure_rows.append(
                ("disetujui" if decided_t <= end else "menunggu", reason, request_t, decided_t)
            )
        closed = decided_t <= end and request_t <= end
        if closed:
            moves.append((before, "ditutup", decided_t, reason))
        moves = [mv for mv in moves if mv[2] <= end]
        status = moves[-1][1] if moves else "baru"
        reached = {mv[1]: mv[2] for mv in moves}
        changed_at = moves[-1][2] if moves else t1
        closed_at = decided_t if closed else None
        supervisor = kota.supervisor

        # --- people and their parts
        victims, perpetrators, guardian_party = self._parties(
            cid,
            number,
            t1,
            village,
            triager,
            owner,
            relationship,
            victim,
            reporter_name,
            reporter_phone,
        )
        flag_child = any(age < 18 for _p, _pid, age in victims)

        # --- incidents
        for i in range(1 if rng.random() < 0.94 else 2):
            iid = next(ids["cases_incident"])
            occurred = t0 - rng.expovariate(1 / 20) * DAY - i * 30 * DAY
            self.t_incident.add(
                (
                    iid,
                    iso(t1),
                    iso(t1),
                    cid,
                    local_day(occurred),
                    rng.random() < 0.4,
                    place,
                    village.id,
                    seal.text(street_address(rng), L["Incident", "address"])
                    if rng.random() < 0.5
                    else "",
                    to_json(forms),
                    to_json(["eksploitasi_seksual"] if "tppo" in forms else []),
                    _gbv(forms),
                    seal.text(self._chronology(), L["Incident", "chronology"]),
                    relationship,
                    kdrt,
                    tpks,
                    triager[0],
                )
            )
            for party, _pid, _age in victims:
                self.t_inc_victim.add((next(ids["cases_incident_victims"]), iid, party))
            for party in perpetrators:
                self.t_inc_perp.add((next(ids["cases_incident_perpetrators"]), iid, party))

        # --- the case row
        self.t_case.add(
            (
                cid,
                iso(t1),
                iso(changed_at),
                number,
                year,
                seq,
                status,
                village.code,
                unit,
                village.id,
                risk,
                owner[0],
                triager[0],
                rid,
                iso(t0),
                1 + len(moves),
                iso(changed_at),
                iso(closed_at) if closed_at else None,
                reason if closed else "",
                kdrt,
                tpks,
                flag_child,
                "," + ",".join(forms) + ",",
            )
        )
        if rng.random() < 0.1 and len(kota.managers) > 1:
            other = rng.choice([mgr for mgr in kota.managers if mgr != owner])
            self.t_team.add((next(ids["cases_case_team"]), cid, other[0]))
        self.audit.push(
            t1,
            audit_row(
                triager,
                "case.open",
                "cases.case",
                cid,
                number,
                {
                    "number": [None, number],
                    "region_code": [None, village.code],
                    "risk_level": [None, risk],
                    "owner": [None, owner[0]],
                },
            ),
        )
        self.access.push(
            t1 + 300, access_row(owner, "cases.case", cid, number, "case.view", f"/kasus/{cid}/")
        )
        for before_s, to_s, at, why in moves:
            actor = supervisor if to_s == "ditutup" else owner
            self.t_status.add(
                (
                    next(ids["cases_casestatuschange"]),
                    cid,
                    before_s,
                    to_s,
                    iso(at),
                    actor[0],
                    why,
                    "",
                )
            )
            if to_s != "ditutup":
                self.audit.push(
                    at,
                    audit_row(
                        actor,
                        "case.transition",
                        "cases.case",
                        cid,
                        number,
                        {"status": [before_s, to_s], "reason": [None, None]},
                    ),
                )
            if to_s in ("rencana", "ditutup"):
                self.access.push(
                    at - 120,
                    access_row(actor, "cases.case", cid, number, "case.view", f"/kasus/{cid}/"),
                )
        # Reassignment (the owner before was a colleague) and edits of risk level or
        # kelurahan, as the services record them (case.assign, case.update).
        life = (closed_at or end) - t1
        if len(kota.managers) > 1 and rng.random() < ASSIGNED_SHARE:
            previous = rng.choice([mgr for mgr in kota.managers if mgr != owner])
            self.audit.push(
                t1 + rng.random() * life,
                audit_row(
                    supervisor,
                    "case.assign",
                    "cases.case",
                    cid,
                    number,
                    {"owner": [previous[0], owner[0]]},
                ),
            )
        for _ in range(poisson(rng, UPDATES_PER_CASE)):
            changes: dict[str, list[str | None]] = (
                {"risk_level": [rng.choice(["rendah", "sedang", "tinggi"]), risk]}
                if rng.random() < 0.7
                else {"kelurahan": [None, village.code]}
            )
            self.audit.push(
                t1 + rng.random() * life,
                audit_row(owner, "case.update", "cases.case", cid, number, changes),
            )
        for _ in range(poisson(rng, 1.0)):
            at = t1 + rng.random() * ((closed_at or end) - t1)
            viewer = supervisor if rng.random() < 0.3 else owner
            self.access.push(
                at, access_row(viewer, "cases.case", cid, number, "case.view", f"/kasus/{cid}/")
            )
        for state, why, req_t, dec_t in closure_rows:
            decided = state != "menunggu"
            self.t_closure.add(
                (
                    next(ids["cases_closurerequest"]),
                    cid,
                    state,
                    why,
                    "",
                    owner[0],
                    iso(req_t),
                    supervisor[0] if decided else None,
                    iso(dec_t) if decided else None,
                    "",
                )
            )
            self.audit.push(
                req_t,
                audit_row(
                    owner,
                    "case.closure_request",
                    "cases.case",
                    cid,
                    number,
                    {"reason": [None, why]},
                ),
            )
            if decided:
                self.audit.push(
                    dec_t,
                    audit_row(
                        supervisor,
                        "case.closure_approve" if state == "disetujui" else "case.closure_reject",
                        "cases.case",
                        cid,
                        number,
                        {"closure_request": ["menunggu", state]},
                    ),
                )

        # --- consent to process the victim's data (a guardian for a child)
        consent_t = t1 + 2 * 3600
        if consent_t <= end:
            subject = victims[0][0]
            giver = guardian_party if (flag_child and guardian_party) else subject
            self.t_consent.add(
                (
                    next(ids["cases_consent"]),
                    cid,
                    subject,
                    giver,
                    "pemrosesan",
                    None,
                    "",
                    "tertulis" if rng.random() < 0.6 else "lisan",
                    local_day(consent_t),
                    "",
                    owner[0],
                    iso(consent_t),
                    None,
                    None,
                    "",
                )
            )
            self.audit.push(
                consent_t,
                audit_row(
                    owner,
                    "case.consent_record",
                    "cases.case",
                    cid,
                    number,
                    {
                        "purpose": [None, "pemrosesan"],
                        "organisation_name": [None, None],
                        "given_by_role": [None, "wali" if giver != subject else "korban"],
                    },
                ),
            )

        # --- assessment, plan, services
        if "rencana" in reached:
            self._plan(
                cid,
                number,
                kota,
                reached,
                forms,
                victims,
                guardian_party,
                flag_child,
                victim_sex,
                owner,
                unit,
                closed_at,
            )

        # --- deadlines, notes, documents
        self._deadlines(cid, t0, t1, risk, kdrt, tpks, reached, status, closed_at, owner, triager)
        life_end = closed_at or end
        for _ in range(poisson(rng, 1.5)):
            at = t1 + rng.random() * (life_end - t1)
            nid = next(ids["cases_casenote"])
            confidential = rng.random() < 0.1
            author = owner if rng.random() < 0.85 else supervisor
            self.t_note.add(
                (
                    nid,
                    cid,
                    author[0],
                    iso(at),
                    seal.text(rng.choice(vocab.NOTES), L["CaseNote", "body"]),
                    confidential,
                )
            )
            self.audit.push(
                at,
                audit_row(
                    author,
                    "case.note_add",
                    "cases.casenote",
                    nid,
                    number,
                    {"confidential": [None, confidential]},
                ),
            )
        if rng.random() < 0.08:
            at = t1 + rng.random() * min(30 * DAY, life_end - t1)
            self._document(cid, victims[0][0], at, owner, number)
        return cid, number, closed

    def _document(
        self, cid: int, party: int, at: float, owner: tuple[int, str], number: str
    ) -> None:
        rng = self.rng
        did = next(self.ids["cases_casedocument"])
        ref = f"{rng.getrandbits(128):032x}"
        body = b"%PDF-1.4\n% sintetis\n" + rng.randbytes(rng.randint(1024, 3072))
        kind = self.d_document()
        self.t_document.add(
            (
                did,
                ref,
                "application/pdf",
                len(body),
                self.seal.text(f"{kind}.pdf", self.L["CaseDocument", "original_name"]),
                self.seal.seal_bytes(body, (self.sealed_label_prefix + ref).encode()),
                iso(at),
                owner[0],
                cid,
                party,
                kind,
                "",
            )
        )
        self.audit.push(
            at,
            audit_row(
                owner,
                "case.document_upload",
                "cases.casedocument",
                did,
                number,
                {"kind": [None, kind], "size": [None, len(body)]},
            ),
        )

    def _deadlines(
        self,
        cid: int,
        t0: float,
        t1: float,
        risk: str,
        kdrt: bool,
        tpks: bool,
        reached: dict[str, float],
        status: str,
        closed_at: float | None,
        owner: tuple[int, str],
        triager: tuple[int, str],
    ) -> None:
        rng = self.rng
        end = self.end
        first_move = min(reached.values()) if reached else None
        stop = min(end, closed_at) if closed_at else end
        # When each protection step of this case was requested / granted (its clock for the
        # rules anchored on it: the PKDRT court order counts from temporary protection).
        steps: dict[int, dict[str, float]] = {}
        for rule in self.rules:
            trigger = rule.trigger
            met: float | None
            if trigger.startswith("risiko_"):
                if trigger != f"risiko_{risk}":
                    continue
                anchor, met = t0, first_move
            elif trigger == "kasus_dibuka":
                anchor = t1
                if rule.code == "asesmen":
                    met = reached.get("rencana", math.inf) - 3600 if "rencana" in reached else None
                elif rule.code == "rencana-intervensi":
                    met = reached.get("layanan")
                else:
                    met = t1 + rule.hours * 3600 * math.exp(rng.gauss(-0.4, 0.6))
            elif trigger == "tpks" or trigger == "kdrt":
                if (trigger == "tpks" and not tpks) or (trigger == "kdrt" and not kdrt):
                    continue
                anchor = t0
                if rule.anchor_rule_id is not None:
                    start = steps.get(rule.anchor_rule_id, {}).get(rule.anchor_field)
                    if start is None or start > stop:
                        # Still waiting for the step its clock starts from.
                        waiting = "tidak_berlaku" if closed_at is not None else "menunggu"
                        self._deadline_row(cid, rule, None, waiting, None, t1, owner, triager)
                        continue
                    anchor = start
                met = anchor + rule.hours * 3600 * math.exp(rng.gauss(-0.5, 0.6))
            elif trigger == "pemantauan":
                if "pemantauan" not in reached:
                    continue
                anchor, met = reached["pemantauan"], None
            else:
                continue
            hours = rule.hours * (1.4 if rule.working_days else 1.0)
            due = anchor + hours * 3600
            if met is not None and met <= stop:
                state = "terpenuhi"
            elif closed_at is not None or (trigger == "pemantauan" and status != "pemantauan"):
                state, met = "tidak_berlaku", None
            else:
                state, met = "terbuka", None
            requested = granted = until = None
            if rule.tracks_protection and state == "terpenuhi" and met is not None:
                requested = local_day(met)
                steps[rule.pk] = {"requested_on": met}
                if rng.random() < 0.7:
                    granted_t = met + rng.random() * DAY
                    granted = local_day(granted_t)
                    until = local_day(granted_t + (rule.protection_days or 7) * DAY)
                    steps[rule.pk]["granted_on"] = granted_t
            self.t_deadline.add(
                (
                    next(self.ids["cases_casedeadline"]),
                    cid,
                    rule.pk,
                    rule.name,
                    iso(due),
                    state,
                    iso(met) if met is not None else None,
                    owner[0] if met is not None else None,
                    requested,
                    granted,
                    until,
                    "",
                    iso(anchor if anchor >= t1 else t1),
                    triager[0],
                )
            )

    def _deadline_row(
        self,
        cid: int,
        rule: Any,
        due: float | None,
        state: str,
        met: float | None,
        created: float,
        owner: tuple[int, str],
        triager: tuple[int, str],
    ) -> None:
        self.t_deadline.add(
            (
                next(self.ids["cases_casedeadline"]),
                cid,
                rule.pk,
                rule.name,
                iso(due) if due is not None else None,
                state,
                iso(met) if met is not None else None,
                owner[0] if met is not None else None,
                None,
                None,
                None,
                "",
                iso(created),
                triager[0],
            )
        )


def _gbv(forms: list[str]) -> str:
    if "seksual" in forms:
        return "sexual_assault"
    if "fisik" in forms:
        return "physical_assault"
    if "penelantaran" in forms:
        return "denial_of_resources"
    if "psikis" in forms or "mental" in forms:
        return "psychological"
    return ""
