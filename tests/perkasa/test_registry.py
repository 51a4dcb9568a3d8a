"""The Perkasa registry: registration rules, scope, verification and explainable scores."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from payung.audit.models import AccessLog, AuditEvent
from payung.jobs.models import Job
from payung.perkasa import choices, services
from payung.perkasa.models import DuplicateFlag, Registrant, Score, ScoringModel
from payung.perkasa.scoring import DEFAULT_V1
from tests.perkasa.helpers import (
    BUGUL_LOR,
    KK,
    MAN_NIK,
    WOMAN_NIK,
    kelurahan,
    register,
    registration,
    verification,
)

pytestmark = pytest.mark.django_db


def test_an_officer_registers_and_identifying_fields_are_encrypted_at_rest(personas: Any) -> None:
    registrant = register(personas.perkasa, head_reason_detail="Suami meninggal 2019")
    assert registrant.status == choices.Status.PRE_REGISTERED
    assert registrant.source == choices.Source.OFFICER
    assert registrant.members.count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, nik, kk, phone, head_reason_detail FROM perkasa_registrant")
        stored = " ".join(str(v) for v in cursor.fetchone())
    for clear in ("Sumirah", WOMAN_NIK, KK, "0812", "meninggal"):
        assert clear not in stored
    assert AuditEvent.objects.filter(action="perkasa.register").count() == 1


def test_a_second_active_registration_of_a_nik_is_refused_with_a_pointer(personas: Any) -> None:
    first = register(personas.perkasa)
    with pytest.raises(ValidationError) as refused:
        register(personas.perkasa, name="Orang Lain", kk="")
    assert f"#{first.pk}" in str(refused.value.message_dict["nik"])
    assert Registrant.objects.count() == 1


def test_a_nik_recorded_as_male_warns_but_a_bad_nik_is_refused(personas: Any) -> None:
    result = services.registrant_register(actor=personas.perkasa, data=registration(nik=MAN_NIK))
    assert any("laki-laki" in w for w in result.warnings)
    with pytest.raises(ValidationError):
        services.registrant_register(actor=personas.perkasa, data=registration(nik="12345"))


def test_same_kk_is_flagged_and_merge_is_audited(personas: Any) -> None:
    first = register(personas.perkasa)
    second = register(personas.perkasa, nik="3575016108900003", name="Ibu Kedua")
    flag = DuplicateFlag.objects.get()
    assert (flag.first, flag.second, flag.reason) == (
        first,
        second,
        choices.DuplicateReason.SAME_KK,
    )
    services.duplicate_decide(actor=personas.perkasa, flag=flag, merge=True)
    second.refresh_from_db()
    assert second.status == choices.Status.MERGED and second.merged_into == first
    assert AuditEvent.objects.filter(action="perkasa.duplicate_merge").exists()
    with pytest.raises(ValidationError):
        services.duplicate_decide(actor=personas.perkasa, flag=flag, merge=False)


def test_ppt_officer_registers_in_her_kelurahan_only_and_others_get_404(personas: Any) -> None:
    mine = register(personas.ppt_gentong)
    assert mine.source == choices.Source.PPT
    with pytest.raises(PermissionDenied):
        register(personas.ppt_gentong, nik="3575016108900003", kelurahan=kelurahan(BUGUL_LOR))
    outsider = Client()
    outsider.force_login(personas.ppt_bugullor)
    assert outsider.get(reverse("perkasa:registrant", args=[mine.pk])).status_code == 404
    assert "Sumirah" not in outsider.get(reverse("perkasa:registrant_list")).content.decode()
    for user in (personas.analyst, personas.case_manager, personas.provider):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("perkasa:registrant", args=[mine.pk])).status_code in (403, 404)
    # PPT officers register and read, but do not verify.
    with pytest.raises(PermissionDenied):
        services.registrant_verify(actor=personas.ppt_gentong, registrant=mine, data=verification())


def test_verification_scores_with_a_breakdown_that_adds_up(personas: Any) -> None:
    registrant = register(personas.perkasa)
    with pytest.raises(ValidationError):
        services.registrant_verify(
            actor=personas.perkasa,
            registrant=registrant,
            data=verification(checklist={"ktp_dilihat": True}),
        )
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    registrant.refresh_from_db()
    score = registrant.current_score
    assert registrant.status == choices.Status.VERIFIED
    assert score is not None and score.model.version == 1
    assert score.total == sum(line["points"] for line in score.breakdown)
    lines = {line["code"]: line for line in score.breakdown}
    # lt500 income 20, decile 2 → 12, two children → 5, 3 housing criteria → 12, dropout 6, daily 7
    assert (lines["penghasilan"]["points"], lines["desil"]["points"], lines["rumah"]["points"]) == (
        20,
        12,
        12,
    )
    assert lines["putus_sekolah"]["value"] == "ya"
    assert score.total == 20 + 12 + 5 + 12 + 0 + 6 + 7
    assert score.category == choices.Category.VERY_POOR  # 62 ≥ 60 under version 1
    services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=True)
    registrant.refresh_from_db()
    assert registrant.status == choices.Status.ELIGIBLE


def test_not_eligible_needs_a_reason(personas: Any) -> None:
    registrant = register(personas.perkasa)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    with pytest.raises(ValidationError):
        services.registrant_decide(actor=personas.perkasa, registrant=registrant, eligible=False)


def test_a_new_model_version_rescoring_keeps_old_scores(personas: Any) -> None:
    registrant = register(personas.perkasa)
    services.registrant_verify(actor=personas.perkasa, registrant=registrant, data=verification())
    old = Score.objects.get(registrant=registrant)
    harsher = dict(DEFAULT_V1["thresholds"], sangat_miskin=90, miskin=70, rentan=50)
    draft = services.scoring_model_draft(
        actor=personas.perkasa,
        name="Ambang baru",
        indicators=DEFAULT_V1["indicators"],
        thresholds=harsher,
    )
    assert draft.version == 2 and draft.state == ScoringModel.State.DRAFT
    with pytest.raises(ValidationError):
        services.rescore_start(actor=personas.perkasa, model=draft)  # not published yet
    services.scoring_model_publish(actor=personas.perkasa, model=draft)
    job = services.rescore_start(actor=personas.perkasa, model=draft)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    registrant.refresh_from_db()
    assert registrant.current_score.model == draft
    assert registrant.current_score.category == choices.Category.VULNERABLE
    old.refresh_from_db()
    assert old.category == choices.Category.VERY_POOR  # version 1 scores are never rewritten
    assert Score.objects.filter(registrant=registrant).count() == 2
    assert b"#%d" % registrant.pk in job.result_bytes()  # listed among those who changed
    assert ScoringModel.objects.get(version=1).state == ScoringModel.State.RETIRED


def test_a_broken_model_is_refused_with_reasons(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.scoring_model_draft(
            actor=personas.perkasa,
            name="Rusak",
            indicators=[{"code": "x", "fact": "tidak_ada", "points": {"ya": "banyak"}}],
            thresholds={"sangat_miskin": 10, "miskin": 20, "rentan": 5},
        )
    text = " ".join(refused.value.messages)
    assert "tidak dikenal" in text and "bilangan bulat" in text and "menurun" in text
    with pytest.raises(PermissionDenied):
        services.scoring_model_draft(
            actor=personas.analyst,
            name="x",
            indicators=DEFAULT_V1["indicators"],
            thresholds=DEFAULT_V1["thresholds"],
        )


def test_search_by_nik_uses_the_blind_index_and_every_read_is_logged(personas: Any) -> None:
    registrant = register(personas.perkasa)
    client = Client()
    client.force_login(personas.perkasa)
    html = client.get(
        reverse("perkasa:registrant_list"), {"q": "3575 0152 0585 0001"}
    ).content.decode()
    assert "Sumirah Contohwati" in html
    assert AccessLog.objects.filter(purpose="perkasa.search", target_id=str(registrant.pk)).exists()
    client.get(reverse("perkasa:registrant", args=[registrant.pk]))
    assert AccessLog.objects.filter(purpose="perkasa.view", target_id=str(registrant.pk)).exists()
    other = client.get(
        reverse("perkasa:registrant_list"), {"q": "3575016108900003"}
    ).content.decode()
    assert "Sumirah" not in other


def test_self_pre_registration_without_javascript_and_status_with_code_and_pin(
    personas: Any,
) -> None:
    client = Client()
    page = client.get(reverse("perkasa_public:register"))
    token = page.context["form"].initial["submission_token"]
    assert "<script" not in page.content.decode().split("</main>")[0].split("<main")[1]
    data = {
        "name": "Warsini Fiktifah",
        "nik": WOMAN_NIK,
        "phone": "081298765432",
        "kelurahan": kelurahan().pk,
        "head_reason": choices.HeadReason.DIVORCED,
        "income_band": choices.IncomeBand.NONE,
        "dependants": 3,
        "agree": "on",
        "submission_token": token,
    }
    response = client.post(reverse("perkasa_public:register"), data)
    assert response.status_code == 302
    again = client.post(reverse("perkasa_public:register"), data)  # a double submit
    assert again.status_code == 302
    assert Registrant.objects.count() == 1
    thanks = client.get(reverse("perkasa_public:thanks"))
    code, pin = thanks.context["code"], thanks.context["pin"]
    registrant = Registrant.objects.get()
    assert registrant.source == choices.Source.SELF
    wrong = client.post(
        reverse("perkasa_public:status"),
        {"code": code, "pin": "000000" if pin != "000000" else "111111"},
    )
    assert "tidak cocok" in wrong.content.decode()
    ok = client.post(reverse("perkasa_public:status"), {"code": code, "pin": pin})
    assert "Pra-daftar" in ok.content.decode()
    # A second person with the same NIK is told to check her status, not shown the record.
    other = client.post(
        reverse("perkasa_public:register"),
        dict(data, submission_token="another-token-123456", name="Penipu"),
    )
    assert other.status_code == 400
    assert "sudah terdaftar" in other.content.decode()
    assert "Warsini" not in other.content.decode()
