"""How the API reads a request: ninja's parser, refusing the NUL character in any text.

The web forms refuse NUL in every field (Django's ``ProhibitNullCharactersValidator``);
PostgreSQL cannot store it in a text column at all, so a NUL that got through would be a 500.
The parser sees every JSON body, query string, form field and upload name before any
schema does, so the check happens once here instead of on each field. Path parameters are
checked where the API's URLs are wrapped (``payung.api.api``); the only header parameter,
``Idempotency-Key``, carries a pattern.

A refusal is the usual 422 ``validation_error``, one detail per text that holds a NUL::

    {"loc": ["body", "person", "name"], "message": "Karakter null tidak diizinkan.",
     "type": "null_characters_not_allowed"}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"


def _paths_with_nul(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, UploadedFile):
        value = value.name or ""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                yield (*path, str(key))
            else:
                yield from _paths_with_nul(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths_with_nul(item, (*path, str(index)))


def nul_error(loc: tuple[str, ...]) -> dict[str, Any]:
    return {
        "loc": loc,
        "msg": str(ProhibitNullCharactersValidator.message),
        "type": ProhibitNullCharactersValidator.code,
    }


def refuse_nul(value: Any, source: str) -> None:
    """Raise ninja's ``ValidationError`` (422) if any text in ``value`` holds a NUL."""
    errors = [nul_error((source, *path)) for path in _paths_with_nul(value)]
    if errors:
        raise ValidationError(errors)


class PayungParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        # ninja turns any exception here into 400 "Cannot parse request body"; the error
        # handler unwraps a ValidationError from it again (payung.core.api_errors).
        data = json.loads(request.body)
        refuse_nul(data, "body")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        source = "query" if data is request.GET else "file" if data is request.FILES else "form"
        errors = [
            nul_error((source, key))
            for key in data
            if NUL in key or any(True for _path in _paths_with_nul(data.getlist(key)))
        ]
        if errors:
            raise ValidationError(errors)
        return super().parse_querydict(data, list_fields, request)
