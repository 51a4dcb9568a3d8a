"""Who acts when no person does.

Every service that changes a record takes a required ``actor`` and checks it through its
app's policy. A person is a ``User``. Work that no signed-in person does — a management
command (demo data, the first admin, key rotation), a scheduled job (reminders, the outbox),
the public report form — passes a :class:`SystemActor` instead, never ``None``: policies let a
system actor through (the code that runs it is trusted, the caller is not a user), and the
audit trail records it by name (``system:load_demo``) so a reader can tell a command from a
person. ``None`` is refused: a caller that forgot to say who acts gets ``PermissionDenied``,
not a free pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from typing_extensions import TypeIs

T = TypeVar("T")


@dataclass(frozen=True)
class SystemActor:
    """An action no person took. ``name`` says which program: ``load_demo``, ``reminders``,
    ``public_form``…"""

    name: str
    #: Acts for someone without an account (the public form and status check): the audit
    #: trail records no IP address for it (issue #14: anonymous actions stay anonymous).
    anonymous: bool = False

    # Duck-typed like a User where audit and policy code read these.
    pk = None
    is_authenticated = False
    is_active = True

    @property
    def username(self) -> str:
        return f"system:{self.name}"

    def can(self, capability: str) -> bool:
        # A system actor holds no user capability: policies that admit it do so explicitly.
        return False

    def __str__(self) -> str:
        return self.username


#: The resident's report form and status check (no account).
PUBLIC_FORM = SystemActor("public_form", anonymous=True)


def is_system(actor: Any) -> TypeIs[SystemActor]:
    return isinstance(actor, SystemActor)


def person(actor: T | SystemActor | None) -> T | None:
    """The person behind ``actor`` for a "who did it" column: ``None`` for a system actor."""
    return None if actor is None or isinstance(actor, SystemActor) else actor


def require_actor(actor: Any) -> None:
    """Refuse a missing actor: every write says who acts."""
    if actor is None:
        raise PermissionDenied("no actor: pass the signed-in user or a SystemActor")


def command_actor(name: str) -> SystemActor:
    """The actor of a management command or a scheduled job."""
    return SystemActor(name)
