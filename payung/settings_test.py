"""Settings for the test suite: the product's settings with a fast hasher."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("PAYUNG_ENV", "test")

from payung.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Background jobs run inside the call that starts them, so a test sees their result at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests run in Asia/Jakarta (the product's zone, not UTC) so naive datetimes show up.
TIME_ZONE = "Asia/Jakarta"
# The live server used by the browser tests serves static files straight from the finders,
# so a stale collectstatic cannot hide a missing file.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The audit anchor file of a test run never lands in var/ (tests/audit set one per test).
AUDIT_ANCHOR_FILE = Path(tempfile.gettempdir()) / f"payung-test-{os.getpid()}" / "audit-anchor.json"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# The demo history (payung/cases/demo_history.py) would add 160 cases to every load_demo.
DEMO_HISTORY_CASES = 0
