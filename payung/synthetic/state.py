"""What the parts of the generator share while they write rows.

``Generator`` (generator.py) is assembled from one part per kind of record, each a mixin in
the module named for what it writes: ``reports.py``, ``cases.py``, ``people.py``,
``care.py``. They share one seeded random generator, the id counters, the open tables, the
two audit chains and the weighted draws; this base class declares that state (set up by
``Generator._prepare_world`` and ``Generator._generate``) and the two draws every part uses.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from itertools import count
from typing import Any

from payung.synthetic import vocab
from payung.synthetic.sink import Sink, Table
from payung.synthetic.trail import Ordered
from payung.synthetic.values import DAY, Indexer, Sealer, Weighted
from payung.synthetic.world import Kota, Village


class GeneratorState:
    # --- the run
    rng: random.Random
    start: float
    end: float
    part: tuple[int, int]  # (this process, of how many)
    counts: dict[str, int]
    # --- the world and the reference data it reads
    kotas: list[Kota]
    villages: list[Village]
    village_cum: list[float]
    triage_hours: dict[str, float]
    rules: list[Any]  # active cases.DeadlineRule rows
    counters: dict[int, int]  # year → last case number before the run
    next_seq: dict[int, int]
    last_seq: dict[int, int]
    pattern: str  # CASE_NUMBER_PATTERN
    id_bases: dict[str, int]
    code_start: int
    taken_codes: set[str]
    services: dict[str, tuple[int, str, str]]  # code → (id, SIMFONI category, name)
    providers: dict[str, dict[str, list[tuple[int, str]]]]  # kota → service → organisations
    age_labels: dict[str, str]
    sex_labels: dict[str, str]
    consent_text: str
    # --- writing
    sink: Sink
    seal: Sealer
    index: Indexer
    ids: dict[str, count[int]]
    L: dict[tuple[str, str], bytes]  # (model, field) → encryption label
    sealed_label_prefix: str
    pin_hash: Callable[[str], str]
    code_counter: count[int]
    recent_case: dict[str, tuple[int, str]]  # kota code → a recent case (id, number)
    name_cache: dict[tuple[str, str], tuple[str, list[str]]]
    case_name_tokens: set[str]
    audit: Ordered
    access: Ordered
    # --- tables
    t_report: Table
    t_report_event: Table
    t_case: Table
    t_team: Table
    t_person: Table
    t_token: Table
    t_case_token: Table
    t_party: Table
    t_incident: Table
    t_inc_victim: Table
    t_inc_perp: Table
    t_status: Table
    t_closure: Table
    t_assessment: Table
    t_plan: Table
    t_item: Table
    t_deadline: Table
    t_consent: Table
    t_document: Table
    t_note: Table
    t_stay: Table
    t_referral: Table
    t_referral_event: Table
    t_service_record: Table
    # --- weighted draws, restricted to what the models accept
    d_form: Weighted
    d_form_count: Weighted
    d_place: Weighted
    d_channel: Weighted
    d_relation: Weighted
    d_contact: Weighted
    d_risk: Weighted
    d_relationship: Weighted
    d_religion: Weighted
    d_occupation: Weighted
    d_education: Weighted
    d_marital: Weighted
    d_closure: Weighted
    d_not_case: Weighted
    d_outcome: Weighted
    d_document: Weighted
    d_services: dict[str, Weighted]  # form of violence → services planned for it
    victim_ages: Weighted
    perpetrator_ages: Weighted

    def _lognormal_days(self, median: float, sigma: float = 0.8) -> float:
        return median * math.exp(self.rng.gauss(0, sigma)) * DAY

    def _chronology(self) -> str:
        rng = self.rng
        parts = rng.sample(vocab.CHRONOLOGY, 3)
        return " ".join(
            p.format(
                who=rng.choice(vocab.WHO),
                when=rng.choice(vocab.WHEN),
                place_text=rng.choice(vocab.PLACE_TEXT),
            )
            for p in parts
        )
