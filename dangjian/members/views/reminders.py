"""The workbench's reminders fragment (待办提醒) of every app, fetched by htmx after the workbench has loaded."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from dangjian.core.reminders import collect


@login_required
@require_GET
def reminders_panel(request: HttpRequest) -> HttpResponse:
    return render(request, "members/reminders.html", {"reminders": collect(request.user, request)})


urlpatterns: list[URLPattern] = [path("reminders/", reminders_panel, name="reminders")]
