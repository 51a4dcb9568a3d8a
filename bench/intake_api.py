"""Time to submit a report through the API: median (and p90) over N submissions.

Runs in-process with Django's test client against a fresh test database, with the product's
password hasher (Argon2: the PIN is hashed on every submission), a real API token, and a new
Idempotency-Key per request. SQLite in memory by default; set DATABASE_URL for PostgreSQL
(a database named by BENCH_DB, default ``bench_intake``, is created and dropped).

    .venv/bin/python bench/intake_api.py [N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/intake_api.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings_test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("TEST_DATABASE_NAME", os.environ.get("BENCH_DB", "bench_intake"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

# The product's hasher; BENCH_HASHER=md5 shows what the request costs without the slow hash.
HASHER = (
    "django.contrib.auth.hashers.MD5PasswordHasher"
    if os.environ.get("BENCH_HASHER") == "md5"
    else "django.contrib.auth.hashers.Argon2PasswordHasher"
)

BODY = {
    "channel": "rujukan_sapa129",
    "source_reference": "SAPA-BENCH",
    "kelurahan_code": "35.75.01.1002",
    "place_category": "rumah_tangga",
    "reporter_relation": "keluarga",
    "contact_channel": "telepon",
    "reporter_phone": "0812 1111 2222",
    "violence_forms": ["fisik", "psikis"],
    "description": "Laporan uji beban. " * 20,
    "victim_sex": "p",
    "victim_age": 14,
    "victim_name": "Nama Uji",
    "consent": True,
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            PASSWORD_HASHERS=[HASHER],
            REPORT_RATE_LIMIT=10**6,
        ):
            from payung.accounts.roles import Role
            from payung.accounts.services import api_token_create, user_create
            from payung.regions.models import Region

            user = user_create(
                actor=None,
                username="bench",
                password="bench-password-123",
                role=Role.CASE_MANAGER,
                region=Region.objects.get(code="35.75"),
                email="bench@example.invalid",
                validate=False,
            )
            _token, raw = api_token_create(actor=user, name="bench", days=1)
            client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
            payload = json.dumps(BODY)
            for i in range(5):  # warm-up
                client.post(
                    "/api/v1/reports/",
                    payload,
                    content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=f"warm-{i:06d}",
                )
            times = []
            for i in range(n):
                start = time.perf_counter()
                response = client.post(
                    "/api/v1/reports/",
                    payload,
                    content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=f"bench-{i:06d}",
                )
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 201, response.content
            replay_times = []
            for i in range(min(n, 20)):
                start = time.perf_counter()
                response = client.post(
                    "/api/v1/reports/",
                    payload,
                    content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=f"bench-{i:06d}",
                )
                replay_times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
        times.sort()
        print(
            f"database: {connection.vendor}; hasher: {HASHER.rsplit('.', 1)[-1]}; submissions: {n}"
        )
        print(
            f"create  median {statistics.median(times):7.1f} ms   p90 {times[int(0.9 * len(times)) - 1]:7.1f} ms   min {times[0]:6.1f} ms   max {times[-1]:6.1f} ms"
        )
        print(
            f"replay  median {statistics.median(replay_times):7.1f} ms   (same Idempotency-Key, 200)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
