"""Model fields that keep their value encrypted at rest (see payung.core.crypto)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from payung.core import crypto


class EncryptedTextField(models.TextField):
    """A text value stored as AES-GCM ciphertext bound to ``<app_label>.<model>.<field>``.

    It cannot be filtered or ordered on in SQL (the database sees only ciphertext); pair it
    with a blind-index column where exact lookup is needed.
    """

    def contribute_to_class(
        self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any
    ) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        self._label = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_str(str(value), self._label)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt_str(value, self._label)


class EncryptedDateField(EncryptedTextField):
    """A date stored as AES-GCM ciphertext of its ISO form; Python sees a ``date``.

    Not filterable or orderable in SQL: keep what must be counted (a birth year, an age
    group) in a clear column beside it. Forms declare their own date field.
    """

    _pyi_private_set_type: date | None  # type: ignore[assignment]
    _pyi_private_get_type: date | None  # type: ignore[assignment]

    def to_python(self, value: Any) -> Any:
        if value is None or value == "" or isinstance(value, date):
            return value or None
        return date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None if self.null else ""
        return super().get_prep_value(self.to_python(value).isoformat())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        plain = super().from_db_value(value, expression, connection)
        return date.fromisoformat(plain) if plain else None

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""


class EncryptedIntegerField(EncryptedTextField):
    """A small whole number (an age) stored as ciphertext; Python sees an ``int``."""

    _pyi_private_set_type: int | None  # type: ignore[assignment]
    _pyi_private_get_type: int | None  # type: ignore[assignment]

    def to_python(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        return int(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None if self.null else ""
        return super().get_prep_value(str(int(value)))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        plain = super().from_db_value(value, expression, connection)
        return int(plain) if plain not in (None, "") else None
