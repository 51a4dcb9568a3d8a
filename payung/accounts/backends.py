"""Authentication backend: Django's ModelBackend, loading the user's region with the user.

Every staff request scopes its queries by the user's region (``User.scope_code``); loading the
region in the same query as the user saves one query on every page.

An account waiting for a second approval (``User.pending_approval``) is treated like an
inactive one: its password is refused and an existing session of it ends.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from payung.accounts.models import User


class ModelBackend(DjangoModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "pending_approval", False)

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("region").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
