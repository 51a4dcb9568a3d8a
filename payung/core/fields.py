"""Model fields that keep their value encrypted at rest (see payung.core.crypto)."""

from __future__ import annotations

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
