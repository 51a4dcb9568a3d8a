"""A flood of parallel reports from one address: only the limit gets through.

Before the fix the form checked the count, made the report, then counted it: 50 parallel
submissions all passed the check before the first was counted, and all 50 were accepted.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from payung.cases import throttle
from payung.cases.models import Report
from tests.cases.helpers import public_form_data, reseed_reference_data

FORM = "/lapor/"
PARALLEL = 50
LIMIT = 5


@pytest.fixture
def _reference_data() -> None:
    """An earlier transactional test's flush empties the regions this form offers."""
    reseed_reference_data()


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        import redis
    except ImportError:
        return None
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings) -> Iterator[str]:
    if request.param == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("no Redis server reachable (REDIS_URL or 127.0.0.1:6379)")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"payung-test-{uuid.uuid4().hex}",  # a shared server: no clear()
            }
        }
    yield request.param


def test_the_counter_lets_exactly_the_limit_through_under_concurrency(cache_backend) -> None:
    start = threading.Barrier(PARALLEL)
    results: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        start.wait(timeout=30)
        allowed = throttle.take("flood", "10.0.0.7", limit=LIMIT, window_seconds=60)
        with lock:
            results.append(allowed)

    threads = [threading.Thread(target=attempt) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == PARALLEL
    assert results.count(True) == LIMIT
    # Another address has its own window.
    assert throttle.take("flood", "10.0.0.8", limit=LIMIT, window_seconds=60)
    throttle.reset("flood", "10.0.0.7")
    throttle.reset("flood", "10.0.0.8")


def test_a_slot_given_back_can_be_taken_again(cache_backend) -> None:
    assert throttle.take("flood", "ip", limit=1, window_seconds=60)
    assert not throttle.take("flood", "ip", limit=1, window_seconds=60)
    throttle.give_back("flood", "ip")  # the refused attempt's count
    throttle.give_back("flood", "ip")  # the first one was refused later, e.g. invalid
    assert throttle.take("flood", "ip", limit=1, window_seconds=60)
    throttle.reset("flood", "ip")


def _flood(path: str, data: Any, *, hold: str, answer: Any, monkeypatch) -> tuple[Counter, int]:
    """POST ``data`` to ``path`` from PARALLEL threads at once, from one address.

    The service ``hold`` is replaced by a stub that returns ``answer`` only once every thread
    has either reached it or been answered: the interleaving in which a check-then-count lets
    every request through. Returns the response statuses and how many reached the service.
    """
    gate = threading.Condition()
    release = threading.Event()
    state = {"in_service": 0, "answered": 0}

    def held(**kwargs: Any) -> Any:
        with gate:
            state["in_service"] += 1
            gate.notify_all()
        assert release.wait(timeout=60), "the service was never released"
        return answer

    monkeypatch.setattr(hold, held)
    statuses: list[int] = []

    def submit() -> None:
        try:
            statuses.append(Client().post(path, data() if callable(data) else data).status_code)
        finally:
            with gate:
                state["answered"] += 1
                gate.notify_all()
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    with gate:
        in_place = gate.wait_for(
            lambda: state["in_service"] + state["answered"] >= PARALLEL, timeout=120
        )
    release.set()
    for thread in threads:
        thread.join(timeout=120)
    assert in_place, "the threads never all reached the service or an answer"
    assert len(statuses) == PARALLEL
    return Counter(statuses), state["in_service"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_reference_data")
def test_parallel_submissions_through_the_form_accept_only_the_limit(settings, monkeypatch):
    """50 threads post the form at once; only the limit is accepted. The database part of
    intake is replaced: the race is in the view, not in the service (and SQLite's in-memory
    test database cannot take 50 parallel writers)."""
    settings.REPORT_RATE_LIMIT = LIMIT
    # Sessions in the cache: nothing in the request writes to the database.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    accepted = SimpleNamespace(report=SimpleNamespace(pk=1), pin="", created=True)

    statuses, created = _flood(
        FORM,
        public_form_data,
        hold="payung.cases.services.report_create",
        answer=accepted,
        monkeypatch=monkeypatch,
    )

    assert statuses == {302: LIMIT, 429: PARALLEL - LIMIT}
    assert created == LIMIT


@pytest.mark.django_db(transaction=True)
def test_parallel_pin_guesses_from_one_address_stop_at_the_limit(settings, monkeypatch):
    settings.STATUS_CHECK_IP_MAX_FAILURES = LIMIT
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"

    statuses, checked = _flood(
        "/lapor/cek/",
        {"code": "ZZZZ-ZZZZ", "pin": "123456"},
        hold="payung.cases.services.report_pin_check",
        answer=SimpleNamespace(outcome="wrong", report=None, failures_left=3),
        monkeypatch=monkeypatch,
    )

    assert checked == LIMIT
    assert statuses == {200: LIMIT, 429: PARALLEL - LIMIT}


@pytest.mark.django_db
def test_refused_forms_do_not_use_up_the_limit(client, settings) -> None:
    settings.REPORT_RATE_LIMIT = 1
    for _ in range(3):
        response = client.post(FORM, public_form_data(description=""))
        assert response.status_code == 200  # shown again with the error
    assert client.post(FORM, public_form_data()).status_code == 302
    assert client.post(FORM, public_form_data()).status_code == 429
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_repeated_submission_does_not_use_up_the_limit(client, settings) -> None:
    settings.REPORT_RATE_LIMIT = 2
    same = public_form_data()
    assert client.post(FORM, same).status_code == 302
    assert client.post(FORM, same).status_code == 302  # the same report, its PIN again
    assert client.post(FORM, public_form_data()).status_code == 302
    assert client.post(FORM, public_form_data()).status_code == 429
    assert Report.objects.count() == 2
