"""Who a person is, kept the same way by every registry of people.

NIK and No. KK rules (``nik``), name folding and the keyed name tokens (``names``), phone
numbers (``phones``), the blind indexes that let staff find a person by an exact value
without the database holding it (``blind_index``) and the abstract encrypted-person model
(``models.EncryptedPerson``) that victims and perpetrators of a case, and later the Perkasa
and Forum Anak registries, build on — each keeping its own table.

The app has no tables of its own and depends on nothing but ``core`` (import-linter
contract in pyproject.toml): a registry that is not casework can use it without importing
``cases``.
"""
