"""Page weight of the public report form: what a resident's phone downloads for /lapor/.

Renders the page with Django's test client (no server needed), finds the stylesheets and
scripts it links, reads them from the static files, and prints raw and gzip sizes.

    .venv/bin/python bench/intake_page_weight.py [path ...]
"""

from __future__ import annotations

import gzip
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings_test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def weigh(client: Client, path: str) -> None:
    response = client.get(path)
    html = response.content
    rows = [("HTML " + path, len(html), gz(html))]
    for kind, pattern in (
        ("CSS", r'<link rel="stylesheet" href="([^"]+)"'),
        ("JS", r'<script src="([^"]+)"'),
    ):
        for url in re.findall(pattern, html.decode()):
            found = finders.find(url.removeprefix(settings.STATIC_URL))
            data = Path(found).read_bytes() if found else b""
            rows.append((f"{kind} {url}", len(data), gz(data)))
    width = max(len(r[0]) for r in rows)
    print(f"{'resource':<{width}}  {'bytes':>9}  {'gzip':>8}")
    for name, raw, packed in rows:
        print(f"{name:<{width}}  {raw:>9,}  {packed:>8,}")
    css = [r for r in rows if r[0].startswith(("HTML", "CSS"))]
    print(f"{'HTML + CSS':<{width}}  {sum(r[1] for r in css):>9,}  {sum(r[2] for r in css):>8,}")
    print(f"{'everything':<{width}}  {sum(r[1] for r in rows):>9,}  {sum(r[2] for r in rows):>8,}")
    print()


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    for path in sys.argv[1:] or ["/lapor/", "/lapor/cek/"]:
        weigh(client, path)


if __name__ == "__main__":
    main()
