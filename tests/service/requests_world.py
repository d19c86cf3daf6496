"""群众办事 data for tests: in every place (a1, a2, b1) one request waiting, one under way with a progress line and one
finished and rated. Shared by the request tests, the API scope walk and the public crawl."""

from __future__ import annotations

from dangjian.service.models import RequestProgress, ServiceRequest
from dangjian.service.services import requests as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
PRIVATE_FIELDS = {ServiceRequest: ["resident_name", "resident_phone"]}
RESIDENTS = {"a1": ("周秀英", "13812345671"), "a2": ("郑国庆", "13812345672"), "b1": ("钱丽萍", "0395-7654321")}


def file(org, name: str = "周秀英", phone: str = "13812345671", **extra) -> ServiceRequest:
    values = {
        "actor": None,
        "org": org,
        "category": "certificate",
        "content": "给孩子上学开具居住证明",
        "resident_name": name,
        "resident_phone": phone,
    }
    return services.request_file(**values | extra)


def accept(request: ServiceRequest, mode: str = "proxy", **extra) -> ServiceRequest:
    values = {"actor": None, "request": request, "mode": mode, "handler_name": "刘建国"}
    return services.request_accept(**values | extra)


def requests_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        name, phone = RESIDENTS[key]
        waiting = file(org, name, phone, content=f"{PLACES[key]}:咨询城乡居民医保缴费", category="social_security")
        handling = accept(file(org, name, phone, content=f"{PLACES[key]}:代办残疾人证换证", category="assistance"))
        progress = services.request_progress_add(actor=None, request=handling, text="材料已报送镇民政所审核")
        done = accept(file(org, name, phone, content=f"{PLACES[key]}:开具无犯罪记录证明"), mode="onsite")
        done = services.request_finish(actor=None, request=done, result="已当场开具证明")
        done = services.request_rate(actor=None, request=done, rating="satisfied")
        found[key] = (waiting, handling, done, progress)
    waiting, handling, done, progress = found["a1"]
    return {
        ServiceRequest: [waiting, handling, done],
        RequestProgress: list(RequestProgress.objects.filter(request__org=tree.village_a1)),
    }
