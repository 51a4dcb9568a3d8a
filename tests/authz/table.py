"""The authorisation table: every URL pattern and every API operation, and who may use it.

tests/authz/test_every_route.py walks the URL resolver and the OpenAPI schema; a route that is
not listed here fails the suite, so a new page cannot ship without deciding who may open it.

A rule is one of:
- PUBLIC: anyone, anonymous included (the explicit public allow-list);
- STAFF: every signed-in user, whatever the role;
- a capability name (payung.accounts.roles.Cap.*): the roles that hold it;
- a frozenset of role names.

Object routes give ``kwargs``: a function of the personas (and the database) returning the
URL kwargs of an object that the allowed roles may see. Scope within a role (kelurahan,
organisation) is tested in each app's own tests; here a role that may not use the route at
all must be refused (403, 404 or a redirect to the login page — never a 200).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from payung.accounts.roles import Cap, Role

PUBLIC = "public"
STAFF = "staff"

Rule = str | frozenset[str]


@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str = "GET"
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _post_pk(personas: Any) -> dict[str, Any]:
    from payung.regions.models import ServicePost

    return {"pk": ServicePost.objects.filter(kind="ppt").values_list("pk", flat=True).first()}


def _analyst_token(personas: Any) -> dict[str, Any]:
    from payung.accounts.services import api_token_create

    return {"pk": api_token_create(actor=personas.analyst, name="authz", days=1)[0].pk}


def _user(personas: Any) -> dict[str, Any]:
    return {"pk": personas.ppt_gentong.pk}


# URL name (with namespace) -> Route. Routes of the API namespace are listed in API below.
URLS: dict[str, Route] = {
    "public:home": Route(PUBLIC),
    "public:posts": Route(PUBLIC),
    "set_language": Route(PUBLIC, method="POST", data={"language": "en", "next": "/"}),
    "accounts:login": Route(PUBLIC),
    "accounts:logout": Route(PUBLIC, method="POST"),
    "accounts:home": Route(STAFF),
    "accounts:otp_setup": Route(STAFF),
    "accounts:otp_verify": Route(STAFF),
    "accounts:otp_remove": Route(STAFF, method="POST"),
    "accounts:security": Route(STAFF),
    "accounts:password_change": Route(STAFF, method="POST"),
    "accounts:token_create": Route(Cap.API_DOCS, method="POST", data={"name": "authz", "days": 1}),
    "accounts:token_revoke": Route(frozenset({Role.ANALYST}), method="POST", kwargs=_analyst_token),
    "accounts:user_list": Route(Cap.USERS_MANAGE),
    "accounts:user_create": Route(Cap.USERS_MANAGE),
    "accounts:user_edit": Route(Cap.USERS_MANAGE, kwargs=_user),
    "accounts:user_otp_reset": Route(Cap.USERS_MANAGE, method="POST", kwargs=_user),
    "accounts:user_unlock": Route(Cap.USERS_MANAGE, method="POST", kwargs=_user),
    "audit:events": Route(Cap.AUDIT_READ),
    "audit:access": Route(Cap.AUDIT_READ),
    "audit:verify": Route(Cap.AUDIT_READ, method="POST"),
    "regions:post_list": Route(Cap.REFERENCE_MANAGE),
    "regions:post_edit": Route(Cap.REFERENCE_MANAGE, kwargs=_post_pk),
}

# API operations, keyed "METHOD /api/v1/path" as in the OpenAPI schema.
API: dict[str, Route] = {
    "GET /api/v1/me": Route(STAFF),
    "GET /api/v1/regions/": Route(STAFF),
    "GET /api/v1/regions/{code}": Route(STAFF, kwargs=lambda personas: {"code": "35.75"}),
    "GET /api/v1/posts/": Route(STAFF),
}

# URL patterns of the API namespace that are not operations (schema and docs).
API_PAGES: dict[str, Route] = {
    "api-1.0.0:openapi-json": Route(Cap.API_DOCS),
    "api-1.0.0:openapi-view": Route(Cap.API_DOCS),
}
