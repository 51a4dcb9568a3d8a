"""Form helpers shared by every app's views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def add_validation_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: errors keyed by a field the form has
    go beside that field, everything else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
