"""Synthetic data for load tests, demos on a realistic volume, and training environments.

``manage.py generate_synthetic --scale city|national`` calls ``generator.generate``. It is an
app of the product, not part of ``bench/``, because it ships: a staging or training server
needs realistic volumes without a copy of real data, and the command must work on any
deployment of the package (it refuses to run when ``PAYUNG_ENV=production``). It writes to
every app (regions, accounts, cases, care, audit), so it is a leaf at the top layer, like
``public`` and ``api``: it reads the other apps' models and public functions, and nothing in
``payung`` imports it. ``bench/`` holds the benchmarks that use it. See docs/performance.md.

Modules: ``generator`` (options, the run, the parallel load), ``world`` (regions, staff,
organisations), ``reports``, ``cases``, ``people``, ``care`` (the rows of each kind of
record), ``trail`` (audit trail and access log), ``values`` (encryption, blind indexes,
draws, times), ``sink`` (COPY / INSERT), ``vocab`` (names, texts and distributions).
"""
