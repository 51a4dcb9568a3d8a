"""Settings for the test suite: the product's settings with a fast hasher."""

from __future__ import annotations

import os

os.environ.setdefault("PAYUNG_ENV", "test")

from payung.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run in Asia/Jakarta (the product's zone, not UTC) so naive datetimes show up.
TIME_ZONE = "Asia/Jakarta"
