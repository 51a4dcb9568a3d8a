"""One response for every file a victim's record holds (attachments, documents, providers'
reports, generated PDFs), so the protections are written once:

* ``Content-Disposition: attachment`` — the browser saves, never renders, what a reporter
  or a partner uploaded;
* ``X-Content-Type-Options: nosniff`` and a sandboxing ``Content-Security-Policy`` — even if
  it did render, nothing in the file runs;
* ``Cache-Control: no-store`` — no copy stays in a shared computer's cache.
"""

from __future__ import annotations

from django.http import HttpResponse


def secure_download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    safe_name = filename.replace('"', "").replace("/", "-").replace("\\", "-")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response
