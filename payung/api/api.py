"""The REST API root. Each app contributes a router from its own ``api.py``."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Payung API", version="1.0.0", urls_namespace="api-1.0.0")
