"""The abstract encrypted person every registry of people builds on.

``EncryptedPerson`` holds what identifies someone — name, NIK, No. KK, phone — encrypted
(``core.fields.EncryptedTextField``: the ciphertext is bound to the concrete model's own
column, so a value copied from one registry's table to another's does not decrypt) and a
keyed blind index beside each for exact lookup. Casework's ``cases.Person`` is one; the
Perkasa and Forum Anak registries will be others, each with its own table.

``NameToken`` is the abstract row of a person's name-word tokens (``identity.names``); a
concrete registry adds the foreign key to its person and the index on ``(token, person)``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from payung.core.fields import EncryptedTextField
from payung.core.models import TimeStampedModel
from payung.identity import blind_index, names


class EncryptedPerson(TimeStampedModel):
    """Name, NIK, No. KK and phone, encrypted, each with its blind index.

    The values are stored as given to the model: callers check and normalise them first
    (``identity.nik.check_nik`` / ``check_kk``, ``identity.phones.normalise_phone``) and
    then call :meth:`refresh_blind_indexes` before saving.
    """

    name = EncryptedTextField(_("nama"), blank=True)
    name_index = models.CharField(max_length=32, blank=True, db_index=True)
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = models.CharField(max_length=32, blank=True, db_index=True)
    kk = EncryptedTextField(_("nomor KK"), blank=True)
    kk_index = models.CharField(max_length=32, blank=True, db_index=True)
    phone = EncryptedTextField(_("telepon"), blank=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True)

    # The blind-index columns ``refresh_blind_indexes`` writes, and the fields whose words
    # become name tokens (``identity.names.word_tokens``): ``manage.py
    # rebuild_blind_indexes`` recomputes both under a new ``BLIND_INDEX_KEY``.
    BLIND_INDEX_FIELDS: tuple[str, ...] = ("name_index", "nik_index", "kk_index", "phone_index")
    NAME_TOKEN_SOURCES: tuple[str, ...] = ("name",)

    class Meta:
        abstract = True

    def name_tokens_now(self) -> set[str]:
        """The name-word tokens of the values now on the instance."""
        return names.word_tokens(*(getattr(self, f) for f in self.NAME_TOKEN_SOURCES))

    def refresh_blind_indexes(self) -> None:
        """Recompute every blind index from the values now on the instance."""
        self.name_index = names.name_index(self.name)
        self.nik_index = blind_index.nik_index(self.nik)
        self.kk_index = blind_index.kk_index(self.kk)
        self.phone_index = blind_index.phone_index(self.phone)


class NameToken(models.Model):
    """One keyed token of a word of a person's name (``identity.names.word_tokens``)."""

    token = models.CharField(max_length=32)

    class Meta:
        abstract = True
