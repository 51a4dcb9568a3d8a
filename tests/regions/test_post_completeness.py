"""The admin's completeness check of the service posts (issue #15): which active posts lack
an address, a phone number or opening hours, counted on the admin's home; the demo keeps a
few gaps on purpose so the check has something to show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payung.accounts.home import home_for
from payung.audit.models import AuditEvent
from payung.regions.demo import GAPS, load_demo_posts
from payung.regions.models import ServicePost, ServicePostKind

pytestmark = pytest.mark.django_db

URL = reverse("regions:post_completeness")


def _complete_every_post() -> None:
    ServicePost.objects.update(
        phone="0343-000-0000", address="Kantor Kelurahan (demo)", opening_hours="08.00–15.00"
    )


def test_lists_what_each_incomplete_post_lacks(client, personas) -> None:
    _complete_every_post()
    ServicePost.objects.filter(region__code="35.75.01.1002").update(phone="")
    ServicePost.objects.filter(region__code="35.75.04.1010").update(opening_hours="", address="")
    ServicePost.objects.filter(region__code="35.75.02.1001").update(phone="", is_active=False)
    client.force_login(personas.sysadmin)
    html = client.get(URL).content.decode()
    listed = html.split('id="incomplete-posts"', 1)[1].split("</ul>", 1)[0]
    assert "2 pos belum lengkap." in html
    assert "Gentong" in listed and "Belum ada: telepon" in listed
    assert "Bugul Lor" in listed and "Belum ada: alamat, jam layanan" in listed
    assert "Pohjentrek" not in listed  # inactive: not shown to residents at all
    gentong = ServicePost.objects.get(region__code="35.75.01.1002")
    assert reverse("regions:post_edit", args=[gentong.pk]) in listed


def test_a_complete_directory_says_so(client, personas) -> None:
    _complete_every_post()
    client.force_login(personas.sysadmin)
    assert "Semua pos aktif sudah punya" in client.get(URL).content.decode()


def test_the_admin_home_counts_incomplete_posts_like_the_page(client, personas) -> None:
    _complete_every_post()
    ServicePost.objects.filter(region__code__startswith="35.75.03").update(phone="")
    expected = ServicePost.objects.filter(region__code__startswith="35.75.03").count()
    counts = {str(c.label): c for c in home_for(personas.sysadmin)["counts"]}
    count = counts["Pos layanan tanpa alamat, telepon, atau jam layanan"]
    assert count.value == expected > 0 and count.url == URL
    client.force_login(personas.sysadmin)
    assert f"{expected} pos belum lengkap." in client.get(count.url).content.decode()
    assert not any("Pos layanan tanpa" in str(c.label) for c in home_for(personas.dpo)["counts"])


def test_the_page_and_the_count_take_one_query(client, personas) -> None:
    from payung.regions.home import RegionsHome

    with CaptureQueriesContext(connection) as ctx:
        RegionsHome().counts(personas.sysadmin)
    assert len(ctx.captured_queries) == 1


def test_the_demo_fills_phones_and_keeps_its_gaps() -> None:
    changed = load_demo_posts()
    # Every PPT but the one deliberately left without a phone number.
    assert changed == ServicePost.objects.filter(kind=ServicePostKind.PPT).count() - 1
    assert load_demo_posts() == 0  # running it again changes nothing
    for code, fields in GAPS.items():
        post = ServicePost.objects.get(region__code=code)
        assert all(getattr(post, name) == "" for name in fields), code
    others = ServicePost.objects.filter(kind=ServicePostKind.PPT).exclude(region__code__in=GAPS)
    assert not others.filter(phone="").exists()
    assert all(p.phone.startswith("0343-000-") for p in others)
    assert AuditEvent.objects.filter(action="service_post.update").count() >= changed
