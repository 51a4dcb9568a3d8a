"""The synthetic data generator writes data the product can use as if it were real.

City scale runs inside the test transaction with every constraint enforced (foreign keys are
checked at commit on both databases), so a wrong key in the generator fails here. The
streaming path (parallel COPY, indexes rebuilt, foreign-key triggers off) runs on PostgreSQL
in a transactional test and is checked for orphans afterwards.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, ForeignKey
from django.utils import timezone

import payung
from payung.accounts.models import User
from payung.audit.models import AccessLog, AuditEvent
from payung.audit.verify import verify_audit
from payung.care.models import Referral, ServiceRecord, Stay
from payung.cases import codes, selectors
from payung.cases.models import Case, CaseNumberCounter, Person, PersonNameToken, Report
from payung.core import crypto
from payung.core.fields import EncryptedTextField
from payung.identity import names
from payung.regions.models import Region
from payung.synthetic import generator, sink
from payung.synthetic.generator import Options, generate
from payung.synthetic.trail import canonical_builder, join_canonical
from payung.synthetic.values import Indexer, Sealer, label
from tests.cases.helpers import reseed_reference_data

needs_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="COPY streaming is PostgreSQL only"
)


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    # The transactional test below ends with a flush of every table, the regions and
    # services the migrations seeded included; the tests after it expect them.
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


def _city(cases: int = 60, **options: Any) -> generator.Result:
    return generate(Options(scale="city", cases=cases, years=2, seed=11, **options))


@pytest.mark.django_db
def test_city_scale_writes_cases_people_and_their_record() -> None:
    result = _city()
    cases = Case.objects.count()
    assert 45 <= cases <= 75  # about the number asked for: reports that are no case vary
    assert result.rows["cases_case"] == cases
    assert Report.objects.filter(source_reference="SINTETIS").count() > cases
    assert Person.objects.count() >= cases
    assert Referral.objects.exists() and ServiceRecord.objects.exists()
    # Every stay is a victim party's stay.
    assert Stay.objects.exists()
    assert not Stay.objects.exclude(party__case=F("case"), party__role="korban").exists()
    # Ten years (here two) of history, and only Kota Pasuruan at city scale.
    oldest = Case.objects.order_by("created_at").first()
    assert oldest is not None
    assert oldest.created_at < timezone.now() - timedelta(days=200)
    assert not Case.objects.exclude(region_code__startswith="35.75.").exists()
    assert not Region.objects.filter(name__endswith="(sintetis)").exists()


@pytest.mark.django_db
def test_the_data_is_realistic_where_issue_16_found_it_was_not() -> None:
    """Stale overdue cases, reassignments and edits, and the documented sex ratio."""
    from payung.cases.models import CaseDeadline, CaseParty

    _city(cases=400)
    now = timezone.now()
    # Stalled cases: never closed, their open deadlines overdue for months.
    stale = CaseDeadline.objects.filter(
        state="terbuka", due_at__lt=now - timedelta(days=180), case__closed_at__isnull=True
    )
    assert stale.values("case").distinct().count() >= 5
    # Reassignments and edits, as the services record them.
    assert AuditEvent.objects.filter(action="case.assign").count() >= 20
    assert AuditEvent.objects.filter(action="case.update").count() >= 40
    # Victims: 79% women and girls (docs/performance.md), within sampling error.
    victims = CaseParty.objects.filter(role="korban").select_related("person")
    sexes = [v.person.sex for v in victims if v.person is not None and v.person.sex]
    female = sum(1 for s in sexes if s == "p") / len(sexes)
    assert len(sexes) > 300
    assert 0.74 <= female <= 0.84, female


@pytest.mark.django_db
def test_people_are_obviously_fictional_encrypted_and_findable() -> None:
    _city()
    person = Person.objects.exclude(nik="").exclude(name="").order_by("pk").first()
    assert person is not None
    assert person.name.endswith("(sintetis)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, nik FROM cases_person WHERE id = %s", [person.pk])
        raw_name, raw_nik = cursor.fetchone()
    assert raw_name.startswith("enc1:") and person.name not in raw_name
    assert raw_nik.startswith("enc1:") and person.nik not in raw_nik
    assert len(person.nik) == 16 and person.nik.isdigit()
    # Blind indexes as the product computes them: search finds the person.
    assert person.nik_index == crypto.blind_index(person.nik, "nik")
    assert person.name_index == names.name_index(person.name)
    assert set(PersonNameToken.objects.filter(person=person).values_list("token", flat=True)) == (
        names.word_tokens(person.name, person.alias)
    )
    assert person.pk in selectors.person_match_ids(person.nik)
    staff = User.objects.filter(username__startswith="sint_")
    assert staff.exists() and not any(u.has_usable_password() for u in staff)
    # Birth dates and reported ages are ciphertext too (issue #14); the birth year is clear.
    born = Person.objects.exclude(birth_date=None).order_by("pk").first()
    assert born is not None and born.birth_year == born.birth_date.year
    report = Report.objects.exclude(victim_age=None).order_by("pk").first()
    assert report is not None and 0 <= report.victim_age <= 120
    with connection.cursor() as cursor:
        cursor.execute("SELECT birth_date FROM cases_person WHERE id = %s", [born.pk])
        assert cursor.fetchone()[0].startswith("enc1:")
        cursor.execute("SELECT victim_age FROM cases_report WHERE id = %s", [report.pk])
        assert cursor.fetchone()[0].startswith("enc1:")


@pytest.mark.django_db
def test_the_audit_trail_continues_the_chain_and_verifies() -> None:
    from tests.audit.helpers import build_chain

    built = build_chain(3)  # an existing head the generator must continue from
    _city()
    result = verify_audit()
    assert result.ok, result.summary()
    assert AuditEvent.objects.count() > 3 and AccessLog.objects.exists()
    # The events are spread over shards, and in each shard seq follows at.
    generated = AuditEvent.objects.filter(id__gt=built[-1].pk)
    shards = set(generated.values_list("shard", flat=True))
    assert len(shards) > 1
    for shard in shards:
        ats = list(generated.filter(shard=shard).order_by("seq").values_list("at", flat=True))
        assert ats == sorted(ats)
    # Each event is in its object's shard, as the application computes it.
    from payung.audit.models import shard_count, shard_for

    for model, rows in ((AuditEvent, generated), (AccessLog, AccessLog.objects.all())):
        n = shard_count(model)
        for target_type, target_id, shard in rows.values_list("target_type", "target_id", "shard")[
            :2000
        ]:
            assert shard == shard_for(target_type, target_id, n)


@pytest.mark.django_db
def test_the_product_carries_on_after_the_generator(personas) -> None:
    _city()
    year = timezone.localdate().year
    counter = CaseNumberCounter.objects.get(year=year)
    assert Case.objects.filter(year=year, sequence=counter.last).exists()
    # A case opened through the services gets the next number and a fresh id.
    from tests.cases.casework import open_case

    case = open_case(personas)
    assert case.sequence == counter.last + 1
    assert verify_audit().ok
    # A synthetic reporter's PIN hash is the keyed kind, so the status check works on it.
    report = Report.objects.filter(source_reference="SINTETIS").first()
    assert report is not None and report.pin_hash.startswith(codes.PIN_HASH_ALGORITHM + "$")


@pytest.mark.django_db
def test_a_second_run_and_production_are_refused(settings) -> None:
    _city(cases=5)
    with pytest.raises(CommandError, match="already holds synthetic data"):
        call_command("generate_synthetic", "--scale", "city", "--cases", "5")
    settings.PAYUNG_ENV = "production"
    with pytest.raises(generator.GeneratorError, match="production"):
        _city(cases=5)


def test_fast_blind_index_and_encryption_match_the_product() -> None:
    index = Indexer()
    for value, purpose in (
        ("3575014101900001", "nik"),
        ("siti aminah", "person-name-word"),
        (" 0812 3456 ", "phone"),
    ):
        assert index(value, purpose) == crypto.blind_index(value, purpose)
    sealed = Sealer().text("Mawar Contohsari (sintetis)", b"cases.person.name")
    assert crypto.decrypt_str(sealed, "cases.person.name") == "Mawar Contohsari (sintetis)"


def test_encryption_labels_are_the_ones_the_fields_bind_to() -> None:
    fields = [
        (model, f)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField)
    ]
    assert len(fields) > 20
    for model, f in fields:
        assert label(model, f.name) == f._label.encode(), f"{model.__name__}.{f.name}"


def test_the_synthetic_app_is_a_leaf_nothing_in_payung_imports_it() -> None:
    root = Path(payung.__file__).parent
    importers = []
    for path in root.rglob("*.py"):
        if path.is_relative_to(root / "synthetic"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "payung.synthetic" or n.startswith("payung.synthetic.") for n in names):
                importers.append(str(path.relative_to(root)))
    assert importers == []


def test_canonical_json_matches_the_audit_model() -> None:
    keys = [
        "actor",
        "actor_label",
        "target_type",
        "target_id",
        "ip",
        "action",
        "target_label",
        "changes",
        "note",
    ]
    values = (
        None,
        'a"b\\c ✓',
        "cases.case",
        "12",
        None,
        "case.open",
        "PPA/2025/0001",
        {"z": [None, "é"], "a": {"y": 1, "b": True}},
        "baris\nbaru",
    )
    parts = canonical_builder(keys)(values)
    at = "2025-01-02T03:04:05+00:00"
    expected = json.dumps(
        dict(zip(keys, values, strict=True)) | {"seq": 9, "at": at},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    assert join_canonical(parts, at, 9) == expected


@pytest.mark.django_db
def test_copy_text_escapes_free_text_and_nulls() -> None:
    fmt = sink.copy_formatter(AuditEvent, ["id", "actor_id", "note", "changes", "ip"])
    note = "a\tb"  # a real tab
    changes = json.dumps({"x": "c\\d\n"})  # JSON with a backslash and an escaped newline
    line = fmt((1, None, note, changes, None))
    assert line == "1\t\\N\ta\\tb\t" + changes.replace("\\", "\\\\") + "\t\\N\n"


def test_statements_are_matched_to_their_tables() -> None:
    assert sink._statement_table('ALTER TABLE "cases_case" ADD CONSTRAINT "u" UNIQUE (x)') == (
        "cases_case"
    )
    assert sink._statement_table("CREATE INDEX i ON public.audit_accesslog USING btree (a)") == (
        "audit_accesslog"
    )
    assert sink._statement_table('VACUUM (ANALYZE) "cases_person"') == "cases_person"


@needs_postgresql
@pytest.mark.django_db
def test_rebuild_starts_with_the_largest_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE big_one (x int)")
        cursor.execute("INSERT INTO big_one SELECT generate_series(1, 20000)")
        cursor.execute("CREATE TABLE small_one (x int)")
    statements = [
        "CREATE INDEX s_idx ON public.small_one USING btree (x)",
        "CREATE INDEX b_idx ON public.big_one USING btree (x)",
        'VACUUM (ANALYZE) "unknown_table"',
    ]
    assert sink.largest_first(statements) == [statements[1], statements[0], statements[2]]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_streaming_load_in_parallel_processes_is_consistent() -> None:
    # Separate connections and processes commit on their own: a transactional test.
    result = generate(
        Options(scale="national", cases=400, years=2, seed=5, streaming=True, workers=2)
    )
    assert result.rows["cases_case"] == Case.objects.count() > 300
    assert Case.objects.exclude(region_code__startswith="35.75.").exists()
    assert Region.objects.filter(name__endswith="(sintetis)", level="kabupaten").exists()
    assert verify_audit().ok
    # No orphans: every foreign key of every loaded table points at a row.
    with connection.cursor() as cursor:
        for model in generator.Generator(Options())._bulk_models():
            for f in model._meta.concrete_fields:
                if not isinstance(f, ForeignKey):
                    continue
                target = f.related_model._meta
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}" t '
                    f'LEFT JOIN "{target.db_table}" r ON r."{target.pk.column}" = t."{f.column}" '
                    f'WHERE t."{f.column}" IS NOT NULL AND r."{target.pk.column}" IS NULL'
                )
                assert cursor.fetchone()[0] == 0, f"{model.__name__}.{f.name}"
        # Every index the migrations made is back.
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'cases_case'")
        assert cursor.fetchone()[0] >= 6
    # Sequences continue after the generated ids.
    from payung.cases.services import case_open

    owner = User.objects.filter(username__startswith="sint_3575_mk").first()
    case = case_open(actor=owner, region_code="35.75", risk_level="sedang", owner=owner)
    assert case.pk > result.rows["cases_case"]


@pytest.mark.django_db
def test_progress_tells_the_share_done_and_the_time_left() -> None:
    import re

    gen = generator.Generator(Options(scale="city", cases=10, years=10, seed=1))
    middle = (gen.start + gen.end) / 2

    text = gen._estimate(middle, elapsed=300.0)

    found = re.search(r"(\d+)% of the reports, ~(\d+) min left", text)
    assert found is not None, text
    share, left = int(found.group(1)), int(found.group(2))
    assert 35 <= share < 50  # 8% growth a year: the later half holds more reports
    # The rows still to come at the same pace, and the indexes and vacuum after them.
    assert left > 300 / 60 * (100 - share) / share
    assert gen._estimate(gen.start, elapsed=1.0) == " — 0% of the reports"
