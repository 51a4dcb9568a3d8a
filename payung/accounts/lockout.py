"""Sign-in lockout: django-axes' database handler with one limit per lockout rule.

axes compares every rule in ``AXES_LOCKOUT_PARAMETERS`` with the one ``AXES_FAILURE_LIMIT``.
Payung has two rules with different limits:

- ``["username", "ip_address"]``: a few wrong passwords for one account from one address
  (``AXES_FAILURE_LIMIT``, 5) lock that account *from that address only*, so an attacker
  elsewhere cannot lock the real user out;
- ``["ip_address"]``: many failures from one address across any usernames
  (``AXES_ADDRESS_FAILURE_LIMIT``, 20) block the address: password spraying.

The client address is ``payung.core.request_context.client_ip`` (``AXES_CLIENT_IP_CALLABLE``),
the same one the audit trail records, so behind the proxy it is the real client and not the
proxy's 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

ADDRESS_ONLY = frozenset({"ip_address"})


def _rule_limit(rule: str | Sequence[str], default: int) -> int:
    names = frozenset([rule] if isinstance(rule, str) else rule)
    if names == ADDRESS_ONLY:
        return int(settings.AXES_ADDRESS_FAILURE_LIMIT)
    return default


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count, scaled so that axes' one comparison
        (``failures >= AXES_FAILURE_LIMIT``) is true exactly when some rule reached its own
        limit."""
        limit = get_failure_limit(request, credentials)
        rules = get_lockout_parameters(request, credentials)
        worst = 0
        for rule, attempts in zip(rules, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures - _rule_limit(rule, limit) + limit)
        return worst

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a successful sign-in forget only this account's failures from this address.

        axes would delete every attempt matching any rule, including the address rule: one
        valid account would then wipe the record of a spray from the same address.
        """
        username = get_client_username(request, credentials)
        count, _detail = AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        ).delete()
        return count
