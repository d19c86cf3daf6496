from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from dangjian.core.models import Org, Person
from dangjian.core.scoping import scoped


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    context = {
        "org_count": scoped(Org, request.user).count(),
        "person_count": scoped(Person, request.user).count(),
    }
    return render(request, "core/workbench.html", context)


urlpatterns = [path("", workbench, name="workbench")]
