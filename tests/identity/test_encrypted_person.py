"""The abstract encrypted person, the blind indexes and phone numbers (payung.identity)."""

from __future__ import annotations

import pytest
from django.db import connection

from payung.cases.models import Person, PersonNameToken
from payung.core import crypto
from payung.identity import blind_index, names
from payung.identity.models import EncryptedPerson, NameToken
from payung.identity.phones import normalise_phone


def test_casework_people_are_encrypted_persons_in_their_own_table() -> None:
    assert issubclass(Person, EncryptedPerson)
    assert issubclass(PersonNameToken, NameToken)
    assert EncryptedPerson._meta.abstract and NameToken._meta.abstract
    assert Person._meta.db_table == "cases_person"
    # The ciphertext is bound to the concrete table's column, not to the abstract model: a
    # value copied into another registry's table does not decrypt there.
    for name in ("name", "nik", "kk", "phone"):
        assert Person._meta.get_field(name)._label == f"cases.person.{name}"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_refreshed_blind_indexes_find_the_person_and_the_database_holds_no_value() -> None:
    person = Person(name="Bu Siti Aminah", nik="3575014101900001", kk="3575010101200003")
    person.phone = normalise_phone("+62 812-3456-7890")
    person.refresh_blind_indexes()
    person.save()

    assert Person.objects.get(nik_index=blind_index.nik_index("3575014101900001")) == person
    assert Person.objects.get(kk_index=blind_index.kk_index("3575010101200003")) == person
    assert Person.objects.get(phone_index=blind_index.phone_index("081234567890")) == person
    assert Person.objects.get(name_index=names.name_index("SITI  AMINAH")) == person
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, nik, kk, phone FROM cases_person WHERE id = %s", [person.pk])
        stored = " ".join(cursor.fetchone())
    assert "Siti" not in stored and "3575014101900001" not in stored
    assert "081234567890" not in stored


def test_each_kind_of_value_has_its_own_token_and_an_empty_value_has_none() -> None:
    digits = "3575010101200003"
    assert blind_index.nik_index(digits) == crypto.blind_index(digits, "nik")
    assert blind_index.nik_index(digits) != blind_index.kk_index(digits)
    assert blind_index.nik_index("") == blind_index.phone_index("") == ""
    assert names.name_index("Bu") == ""  # an honorific alone is no name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+62 812-3456-789", "08123456789"),
        ("0812 3456 7890", "081234567890"),
        ("(0343) 42 12 34", "0343421234"),
        ("", ""),
        ("tidak ada", ""),
    ],
)
def test_phone_numbers_take_one_form(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected
