"""Encryption at rest, tamper detection, key rotation of sealed files, and the analyst who
never receives a name or a NIK."""

from __future__ import annotations

import base64
import os
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from payung.cases import services
from payung.cases.models import CaseDocument, Person, ReportAttachment
from payung.cases.uploads import check_bytes
from payung.core import crypto
from tests.accounts.conftest import signed_in
from tests.api.conftest import bearer
from tests.authz.table import API, URLS
from tests.authz.test_every_route import _api_url, _request, _url
from tests.cases.casework import (
    ADDRESS,
    CHRONOLOGY,
    KK,
    NIK_WOMAN,
    PERPETRATOR,
    PHONE,
    REPORTER,
    VICTIM,
    add_perpetrator,
    open_case,
    victim_of,
)
from tests.cases.helpers import JPEG_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


def _with_identifiers(personas):
    case = open_case(personas)
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=victim_of(case),
        version=None,
        data=services.PersonInput(
            name=VICTIM, sex="p", nik=NIK_WOMAN, kk=KK, phone=PHONE, address=ADDRESS
        ),
    )
    add_perpetrator(case, personas.case_manager)
    services.note_add(actor=personas.case_manager, case=case, body="Catatan rahasia tentang Mawar")
    return case


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return repr(cursor.fetchall())


def test_raw_database_rows_hold_no_plaintext_identifiers(personas) -> None:
    case = _with_identifiers(personas)
    services.document_upload(
        actor=personas.case_manager,
        case=case,
        kind="ktp",
        attachment=check_bytes(JPEG_BYTES, "ktp-mawar.jpg"),
    )
    tables = [
        "cases_person",
        "cases_caseparty",
        "cases_incident",
        "cases_casenote",
        "cases_casedocument",
        "cases_caserevision",
        "cases_report",
    ]
    dump = " ".join(_raw_rows(t) for t in tables)
    for secret in (
        NIK_WOMAN,
        KK,
        PHONE,
        ADDRESS,
        CHRONOLOGY,
        VICTIM,
        PERPETRATOR,
        REPORTER,
        "ktp-mawar",
        "Catatan rahasia",
    ):
        assert secret not in dump, secret
    # The JPEG bytes are not in the database either, only their ciphertext.
    document = CaseDocument.objects.get()
    assert "JFIF" not in _raw_rows("cases_casedocument")
    assert document.unseal() == JPEG_BYTES
    # Blind indexes make exact lookup possible without the values.
    person = Person.objects.get(nik_index=crypto.blind_index(NIK_WOMAN, "nik"))
    assert person.name == VICTIM


def test_a_tampered_ciphertext_is_detected(personas) -> None:
    case = _with_identifiers(personas)
    person = victim_of(case).person
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik FROM cases_person WHERE id = %s", [person.pk])
        token = cursor.fetchone()[0]
        prefix, kid, body = token.split(":", 2)
        raw = bytearray(base64.b64decode(body))
        raw[-1] ^= 0x01
        tampered = f"{prefix}:{kid}:{base64.b64encode(bytes(raw)).decode()}"
        cursor.execute("UPDATE cases_person SET nik = %s WHERE id = %s", [tampered, person.pk])
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=person.pk)
    # A ciphertext moved from one column to another does not decrypt either.
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM cases_person WHERE id = %s", [person.pk])
        phone = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE cases_person SET nik = %s, address = %s WHERE id = %s",
            ["", phone, person.pk],
        )
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=person.pk)


def test_a_tampered_document_is_detected(personas) -> None:
    case = open_case(personas)
    document = services.document_upload(
        actor=personas.case_manager,
        case=case,
        kind="visum",
        attachment=check_bytes(PDF_BYTES, "visum.pdf"),
    )
    other = services.document_upload(
        actor=personas.case_manager,
        case=case,
        kind="visum",
        attachment=check_bytes(JPEG_BYTES, "foto.jpg"),
    )
    # A blob copied onto another row is bound to its own row's ref and does not decrypt.
    CaseDocument.objects.filter(pk=other.pk).update(sealed=document.sealed)
    with pytest.raises(crypto.DecryptionError):
        CaseDocument.objects.get(pk=other.pk).unseal()


def test_rotate_keys_reseals_documents_and_attachments_and_fields(personas, settings) -> None:
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    case = _with_identifiers(personas)
    document = services.document_upload(
        actor=personas.case_manager,
        case=case,
        kind="visum",
        attachment=check_bytes(PDF_BYTES, "visum.pdf"),
    )
    attachment = ReportAttachment.objects.create(
        report=case.created_from, content_type="image/jpeg", size=0, sealed=""
    )
    attachment.seal(JPEG_BYTES)
    attachment.save()
    new_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        new_id = crypto.keyring()[0][0]
        out = StringIO()
        call_command("rotate_keys", stdout=out)
        assert "cases.CaseDocument (files): 1 rows re-sealed" in out.getvalue()
        assert "cases.ReportAttachment (files): 1 rows re-sealed" in out.getvalue()
        for model, pk in ((CaseDocument, document.pk), (ReportAttachment, attachment.pk)):
            token = model.objects.values_list("sealed", flat=True).get(pk=pk)
            assert token.split(":")[1] == new_id
        person_token = Person.objects.filter(pk=victim_of(case).person_id).values_list(
            "nik", flat=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT nik FROM cases_person WHERE nik <> ''")
            assert all(row[0].split(":")[1] == new_id for row in cursor.fetchall())
        assert person_token[0] == NIK_WOMAN
        # Running it again changes nothing: it can be stopped and started.
        out = StringIO()
        call_command("rotate_keys", stdout=out)
        assert "Done: 0 rows re-encrypted" in out.getvalue()
    # Only the new key: everything still opens.
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        assert CaseDocument.objects.get(pk=document.pk).unseal() == PDF_BYTES
        assert ReportAttachment.objects.get(pk=attachment.pk).unseal() == JPEG_BYTES
        assert Person.objects.get(pk=victim_of(case).person_id).nik == NIK_WOMAN


def test_the_analyst_never_receives_a_name_or_nik_from_any_page_or_endpoint(personas) -> None:
    """Walk every route and API operation in the authorisation table as the analyst, in the
    browser session and with a token, and scan each answer for the seeded identifiers."""
    _with_identifiers(personas)
    # A Forum Anak member (a child) and a leader's phone: outreach records (issue #11).
    from payung.outreach import services as outreach_services
    from tests.factories import GENTONG, region
    from tests.outreach.builders import LOADER, make_leader

    forum = outreach_services.forum_create(actor=LOADER, name="Forum Anak Scan", kelurahan=None)
    outreach_services.member_add(
        actor=LOADER,
        forum=forum,
        nickname="Kenangaputri",
        birth_year=2013,
        sex="p",
        kelurahan=region(GENTONG),
        school_level="smp",
        guardian_consent_on=date(2026, 1, 5),
    )
    make_leader(name="Tokoh Scan")
    secrets = [VICTIM, PERPETRATOR, REPORTER, NIK_WOMAN, KK, PHONE, "Mawar", "Contohsari"]
    secrets += ["Kenangaputri", "081234567890"]
    session = signed_in(personas.analyst)
    leaks = []
    for name, route in URLS.items():
        if name in ("accounts:logout",):
            continue
        response = _request(
            session, route.method, _url(name, route, personas), route.data, route.headers
        )
        body = response.content.decode(errors="replace")
        leaks += [f"{name}: {s}" for s in secrets if s in body]
    from django.core.cache import cache
    from django.test import Client

    from payung.accounts.services import api_token_create

    _token, raw = api_token_create(actor=personas.analyst, name="scan")
    token = Client(headers=bearer(raw))
    for op, route in API.items():
        method, url = _api_url(op, route, personas)
        for client in (session, token):
            cache.clear()  # the scan must not run into the API rate limit
            response = _request(client, method, url, route.data, route.headers)
            body = response.content.decode(errors="replace")
            leaks += [f"{op}: {s}" for s in secrets if s in body]
    assert leaks == []
    # And the analyst's home and statistics links never point at case records.
    body = session.get(reverse("accounts:home")).content.decode()
    assert "/kasus/" not in body
