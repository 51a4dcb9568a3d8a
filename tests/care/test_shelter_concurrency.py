"""Admissions racing for the last beds: the shelter row lock lets exactly ``capacity`` in.

On PostgreSQL the threads really run side by side. Counting the residents is slowed down on
purpose, so that without the row lock every thread would count an empty shelter and all of
them would be admitted; with it, each waits for the one before to commit and counts again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections

from payung.care import services
from payung.care.models import Stay
from payung.care.services import shelters
from tests.care.factories import make_placeable, make_shelter
from tests.cases.helpers import reseed_reference_data

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="true concurrency needs PostgreSQL; SQLite serialises writers",
)


def slow_occupancy(real: Any) -> Any:
    def counted_then_wait(shelter: Any) -> int:
        current = real(shelter)
        time.sleep(0.3)
        return int(current)

    return counted_then_wait


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    # The test is transactional: its flush empties the seeded tables. (It used
    # serialized_rollback, which loads a snapshot at setup and so fails whenever an earlier
    # transactional test left the post-flush content types behind.)
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_admissions_never_exceed_capacity(personas) -> None:
    shelter = make_shelter("Rumah Aman Balapan", capacity=2)
    case, victim = make_placeable(personas.case_manager, shelter)
    attempts = 5
    barrier = threading.Barrier(attempts)
    admitted: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def admit(n: int) -> None:
        try:
            barrier.wait()
            stay = services.stay_admit(
                actor=personas.case_manager,
                shelter=shelter,
                case=case,
                victim=victim,
                alias=f"Penghuni {n}",
            )
            admitted.append(stay.pk)
        except services.ShelterFull as exc:
            refused.append(exc.messages[0])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    with mock.patch.object(shelters, "occupancy", slow_occupancy(shelters.occupancy)):
        threads = [threading.Thread(target=admit, args=(n,)) for n in range(attempts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert len(admitted) == 2
    assert len(refused) == attempts - 2
    assert all("penuh" in message for message in refused)
    assert Stay.objects.filter(shelter=shelter, discharged_at__isnull=True).count() == 2
