"""gunicorn settings for production (docs/deployment.md). Values can be overridden with
GUNICORN_CMD_ARGS or the environment variables read below."""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the application once in the master and fork the workers from it: a recycled worker
# then serves at once instead of importing Django and every app again (1-2 s of CPU, while
# the other worker takes all the requests), and the workers share the loaded code's memory.
# Nothing opens a database connection at import time, so no connection is shared across the
# fork (tests/core/test_gunicorn_conf.py). GUNICORN_PRELOAD=0 turns it off (e.g. to reload
# the code with HUP instead of restarting).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("0", "false", "no")
# No request lines in gunicorn's log: URLs can carry tracking codes; the proxy logs requests.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "payung.wsgi:application"


def when_ready(server: object) -> None:
    """In the master, once the application is loaded and before the workers are forked:
    build Django's lazy caches (payung/core/warmup.py) so every worker, and every recycled
    one, starts warm; then move what is loaded out of the garbage collector's way so the
    workers' copies of it stay shared (no copy-on-write from the collector's bookkeeping)."""
    if not preload_app:
        return
    import gc

    from payung.core.warmup import warm

    try:
        warm()
    except Exception:  # noqa: BLE001 - a failed warm-up must not keep the site down
        server.log.exception("warm-up failed; the workers will build their caches lazily")  # type: ignore[attr-defined]
    gc.freeze()
