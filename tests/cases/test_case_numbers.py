"""Case numbers: a configurable pattern, never reused, safe under concurrent openings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from payung.cases import services
from payung.cases.models import Case
from tests.cases.helpers import reseed_reference_data

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="true concurrency needs PostgreSQL",
)


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


@pytest.mark.django_db
def test_the_pattern_is_a_setting(personas, settings) -> None:
    settings.CASE_NUMBER_PATTERN = "UPTD-PPA/PSR/{year}/{seq:05d}"
    case = services.case_open(actor=personas.case_manager, region_code="35.75", risk_level="rendah")
    assert case.number == f"UPTD-PPA/PSR/{timezone.localdate().year}/00001"


@pytest.mark.django_db
def test_numbers_are_never_reused(personas) -> None:
    first = services.case_open(
        actor=personas.case_manager, region_code="35.75", risk_level="rendah"
    )
    # Even if a case row disappeared (it cannot through the services), the counter goes on.
    Case.objects.filter(pk=first.pk).update(number="x")
    second = services.case_open(
        actor=personas.case_manager, region_code="35.75", risk_level="rendah"
    )
    assert second.sequence == first.sequence + 1


@pytest.fixture
def _reference_data(transactional_db: None) -> None:
    # An earlier transactional test may have flushed the regions the migrations loaded.
    reseed_reference_data()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_on_postgresql_get_distinct_consecutive_numbers(
    _reference_data: None, personas
) -> None:
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            barrier.wait()
            case = services.case_open(
                actor=personas.case_manager, region_code="35.75", risk_level="sedang"
            )
            numbers.append(case.number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_one) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    year = timezone.localdate().year
    assert sorted(numbers) == [f"PPA/{year}/{n:04d}" for n in range(1, threads_count + 1)]
