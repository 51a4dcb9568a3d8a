"""Synthetic data for load tests, demos on a realistic volume, and training environments.

``manage.py generate_synthetic --scale city|national`` (payung/synthetic/management/commands)
calls ``generator.generate``. The package lives in ``payung.core`` rather than in ``bench/``
because it is part of the product that ships: a staging or training server needs realistic
volumes without a copy of real data, and the command must work on any deployment of the
package (it refuses to run when ``PAYUNG_ENV=production``). It spans every app (regions,
accounts, cases, care, audit), so it belongs to none of them. ``bench/`` holds the
benchmarks that use it. See docs/performance.md.
"""
