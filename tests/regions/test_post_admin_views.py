from __future__ import annotations

import pytest
from django.urls import reverse

from payung.audit.models import AuditEvent
from payung.regions.models import ServicePost
from tests.public.html import find, parse, text_of

pytestmark = pytest.mark.django_db

LIST_URL = reverse("regions:post_list")


@pytest.fixture
def gentong_post() -> ServicePost:
    return ServicePost.objects.get(region__code="35.75.01.1002")


def edit_url(post: ServicePost) -> str:
    return reverse("regions:post_edit", args=[post.pk])


def valid_data(**overrides: str) -> dict[str, str]:
    data = {
        "address": "Jl. Hasanudin 12, Gentong",
        "phone": "(0343) 42-1234",
        "whatsapp": "0811-2233-445",
        "email": "ppt.gentong@pasuruankota.go.id",
        "opening_hours": "Senin–Sabtu 08.00–14.00",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_sysadmin_sees_every_post_with_an_edit_link(client, personas) -> None:
    client.force_login(personas.sysadmin)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    elements = parse(response.content)
    rows = [tr for tr in find(elements, "tr") if "tbody" in tr.parents]
    assert len(rows) == 35
    edit_links = [
        a.attrs["href"] for a in find(elements, "a") if "/ubah/" in a.attrs.get("href", "")
    ]
    assert len(edit_links) == 35


def test_post_list_query_count_does_not_grow_with_posts(
    client, personas, django_assert_max_num_queries
) -> None:
    client.force_login(personas.sysadmin)
    client.get(LIST_URL)  # warm the session
    with django_assert_max_num_queries(6) as captured:
        client.get(LIST_URL)
    before = len(captured.captured_queries)
    ServicePost.objects.filter(region__code__startswith="35.75.04").delete()
    with django_assert_max_num_queries(before):
        client.get(LIST_URL)


def test_sysadmin_edits_a_post_and_the_change_is_audited(client, personas, gentong_post) -> None:
    client.force_login(personas.sysadmin)
    form_page = parse(client.get(edit_url(gentong_post)).content)
    # Every visible input has a visible label.
    labels = {label.attrs["for"] for label in find(form_page, "label")}
    fields = [
        e
        for e in form_page
        if e.tag in {"input", "textarea", "select"} and e.attrs.get("type") != "hidden"
    ]
    fields = [f for f in fields if "form" in f.parents and f.attrs.get("name") != "language"]
    assert {f.attrs["id"] for f in fields} <= labels
    assert len(fields) == 6

    response = client.post(edit_url(gentong_post), valid_data())
    assert response.status_code == 302
    assert response.url == LIST_URL

    gentong_post.refresh_from_db()
    assert gentong_post.phone == "(0343) 42-1234"
    assert gentong_post.whatsapp == "0811-2233-445"
    assert gentong_post.opening_hours == "Senin–Sabtu 08.00–14.00"

    event = AuditEvent.objects.get(action="service_post.update")
    assert event.actor == personas.sysadmin
    assert event.target_id == str(gentong_post.pk)
    assert set(event.changes) == {"address", "phone", "whatsapp", "email", "opening_hours"}
    assert event.changes["opening_hours"] == ["Senin–Jumat 08.00–15.00", "Senin–Sabtu 08.00–14.00"]

    # Post-redirect-get: the list shows the success message once.
    page = client.get(LIST_URL).content.decode()
    assert "Data PPT Kelurahan Gentong disimpan." in page
    assert "Data PPT Kelurahan Gentong disimpan." not in client.get(LIST_URL).content.decode()


def test_deactivating_a_post_hides_it_from_the_public_page(client, personas, gentong_post) -> None:
    client.force_login(personas.sysadmin)
    data = valid_data()
    del data["is_active"]
    client.post(edit_url(gentong_post), data)
    gentong_post.refresh_from_db()
    assert gentong_post.is_active is False
    assert AuditEvent.objects.get(action="service_post.update").changes["is_active"] == [
        True,
        False,
    ]
    assert b'id="ppt-35-75-01-1002"' not in client.get("/ppt/").content


def test_invalid_input_is_shown_and_nothing_is_saved(client, personas, gentong_post) -> None:
    client.force_login(personas.sysadmin)
    response = client.post(
        edit_url(gentong_post), valid_data(phone="telepon saya", email="bukan-email")
    )
    assert response.status_code == 200
    elements = parse(response.content)
    (phone,) = find(elements, "input", name="phone")
    assert phone.attrs.get("aria-invalid") == "true"
    errors = [text_of(e) for e in elements if "invalid-feedback" in e.attrs.get("class", "")]
    assert len(errors) == 2
    gentong_post.refresh_from_db()
    assert gentong_post.phone == ""
    assert not AuditEvent.objects.filter(action="service_post.update").exists()


def test_saving_without_changes_writes_no_audit_event(client, personas, gentong_post) -> None:
    client.force_login(personas.sysadmin)
    data = {
        "address": gentong_post.address,
        "phone": "",
        "whatsapp": "",
        "email": "",
        "opening_hours": gentong_post.opening_hours,
        "is_active": "on",
    }
    response = client.post(edit_url(gentong_post), data, follow=True)
    assert "Tidak ada perubahan" in response.content.decode()
    assert not AuditEvent.objects.filter(action="service_post.update").exists()


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "ppt_gentong", "dpo", "analyst"])
def test_staff_without_reference_capability_get_403(
    client, personas, gentong_post, persona: str
) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(edit_url(gentong_post)).status_code == 403
    assert client.post(edit_url(gentong_post), valid_data()).status_code == 403
    gentong_post.refresh_from_db()
    assert gentong_post.phone == ""


def test_anonymous_is_sent_to_login(client, gentong_post) -> None:
    login = reverse("accounts:login")
    for response in (
        client.get(LIST_URL),
        client.get(edit_url(gentong_post)),
        client.post(edit_url(gentong_post), valid_data()),
    ):
        assert response.status_code == 302
        assert response.url.startswith(login)
    gentong_post.refresh_from_db()
    assert gentong_post.phone == ""


def test_wrong_methods_get_405(client, personas, gentong_post) -> None:
    client.force_login(personas.sysadmin)
    assert client.post(LIST_URL).status_code == 405
    assert client.put(edit_url(gentong_post)).status_code == 405
    assert client.delete(edit_url(gentong_post)).status_code == 405


def test_unknown_post_is_404(client, personas) -> None:
    client.force_login(personas.sysadmin)
    assert client.get(reverse("regions:post_edit", args=[999_999])).status_code == 404


def test_post_outside_the_admins_region_is_404(client, personas, gentong_post) -> None:
    from tests.factories import BUGUL_LOR, region

    admin = personas.sysadmin
    admin.region = region(BUGUL_LOR)
    admin.save()
    client.force_login(admin)
    assert client.get(edit_url(gentong_post)).status_code == 404
    assert client.post(edit_url(gentong_post), valid_data()).status_code == 404
