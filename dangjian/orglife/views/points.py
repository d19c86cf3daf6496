"""积分管理 pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path


@login_required
def points_home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("积分管理")


@login_required
def my_points(request: HttpRequest) -> HttpResponse:
    return HttpResponse("我的积分")


urlpatterns = [
    path("points/", points_home, name="points_home"),
    path("points/mine/", my_points, name="my_points"),
]
