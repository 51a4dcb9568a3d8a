"""The partner registry: the service catalogue (the ten city services and their SIMFONI-PPA
categories) and the partner organisations that deliver them, with the membership of their
staff (``accounts.User.organisation``) and the organisation scope every app filters by.

Below ``cases`` and ``care`` in the layers (docs/architecture.md), beside ``accounts``:
casework names services by their code, care refers victims to these organisations, and the
coming outreach, Perkasa and Forum Anak modules will too, without importing ``care``.

Modules: ``choices`` (``ServiceCode`` — the one authority for service codes —,
``SimfoniCategory``, ``SIMFONI_DEFAULTS``, ``OrganisationKind``), ``models`` (``Service``,
``Organisation``), ``policies`` (organisation scope, who keeps the reference data, the
directory), ``selectors``, ``services`` (every write, audited) and ``extensions`` (how an app
above keeps something beside an organisation: care's safe house).
"""
