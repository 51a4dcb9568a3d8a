"""Reference-data pages for the system admin: the service posts and their contact details."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from payung.accounts.decorators import capability_required
from payung.accounts.roles import Cap
from payung.regions.forms import ServicePostForm
from payung.regions.selectors import get_post_for_admin, incomplete_posts, posts_for_admin
from payung.regions.services import service_post_update


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def post_list(request: HttpRequest) -> HttpResponse:
    return render(request, "regions/post_list.html", {"posts": posts_for_admin(request.user)})


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def post_completeness(request: HttpRequest) -> HttpResponse:
    """Which posts a resident cannot yet find, call or visit at the right time."""
    return render(
        request, "regions/post_completeness.html", {"rows": incomplete_posts(request.user)}
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.REFERENCE_MANAGE)
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_admin(request.user, pk)
    if request.method == "POST":
        form = ServicePostForm(request.POST, instance=post)
        if form.is_valid():
            # The service re-reads the row, so the form having written onto ``post`` does
            # not hide the change from the audit trail.
            updated = service_post_update(actor=request.user, post=post, **form.cleaned_data)
            if form.has_changed():
                messages.success(request, _("Data %(name)s disimpan.") % {"name": updated.name})
            else:
                messages.info(
                    request, _("Tidak ada perubahan pada %(name)s.") % {"name": updated.name}
                )
            return redirect("regions:post_list")
    else:
        form = ServicePostForm(instance=post)
    return render(request, "regions/post_edit.html", {"post": post, "form": form})
