"""/notifikasi/: each user's own in-app notifications."""

from __future__ import annotations

import pytest

from payung.notifications import services
from payung.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notify(user):
    return services.notification_send(
        actor=None,
        recipients=[user],
        topic="t",
        title="Laporan baru berisiko tinggi: ABCD-EFGH",
        url="/kasus/laporan/1/",
        channels=(),
    )[0]


def test_a_user_sees_their_own_notifications_only(client, personas) -> None:
    _notify(personas.case_manager)
    _notify(personas.case_manager2)
    client.force_login(personas.case_manager)
    html = client.get("/notifikasi/").content.decode()
    assert html.count("Laporan baru berisiko tinggi: ABCD-EFGH") == 1
    assert 'href="/kasus/laporan/1/"' in html


def test_marking_read(client, personas) -> None:
    note = _notify(personas.case_manager)
    client.force_login(personas.case_manager)
    assert client.post(f"/notifikasi/{note.pk}/baca/").status_code == 302
    assert Notification.objects.get(pk=note.pk).read_at is not None
    _notify(personas.case_manager)
    client.post("/notifikasi/baca-semua/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_is_404(client, personas) -> None:
    note = _notify(personas.case_manager)
    client.force_login(personas.case_manager2)
    assert client.post(f"/notifikasi/{note.pk}/baca/").status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_anonymous_visitors_go_to_login_and_get_is_refused_for_actions(client, personas) -> None:
    assert client.get("/notifikasi/").status_code == 302
    client.force_login(personas.case_manager)
    assert client.get("/notifikasi/baca-semua/").status_code == 405
