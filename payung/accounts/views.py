from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payung.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


logout_view = auth_views.LogoutView.as_view()


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: its queues and shortcuts (filled in as the modules land)."""
    return render(request, "accounts/home.html", {"role": request.user.role})
