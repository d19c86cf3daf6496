"""群众办事 services: filing (validation), the five modes and their default deadlines, step order refusals,
permissions (a village cannot take over its own request, another township sees nothing), rating once, escalation of
exactly the overdue open requests, once, and the audit trail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from dangjian.core.models import AuditEntry
from dangjian.service.choices import RatingSource, RequestStatus
from dangjian.service.models import ServiceRequest
from dangjian.service.services import requests as services
from tests.service.requests_world import accept, file

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 10)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def _messages(exc):
    return {key: " ".join(value) for key, value in exc.value.message_dict.items()}


def test_filing_gives_a_code_and_waits_for_acceptance(tree):
    request = file(tree.village_a1)
    assert len(request.receipt_code) == 12
    assert request.status == RequestStatus.PENDING
    assert request.filed_on == TODAY and request.deadline == dt.date(2025, 6, 12)
    assert request.county_id == tree.county.pk and request.org_path == tree.village_a1.path
    assert AuditEntry.objects.filter(object_id=str(request.pk), action="create").exists()


def test_filing_validation(tree):
    with pytest.raises(ValidationError) as exc:
        services.request_file(
            actor=None, org=tree.village_a1, category="x", content=" ", resident_name="", resident_phone="123"
        )
    errors = _messages(exc)
    assert errors["category"] == "事项类别不是有效选项"
    assert errors["content"] == "请填写办事内容"
    assert errors["resident_name"] == "请填写姓名"
    assert "11位手机号码" in errors["resident_phone"]


def test_only_a_place_takes_requests(tree):
    with pytest.raises(ValidationError) as exc:
        file(tree.town_a)
    assert "不是村(社区)党组织" in _messages(exc)["org"]


def test_counter_filing_needs_a_manager_of_the_place(tree):
    request = services.request_file(
        actor=tree.accounts["secretary_a1"],
        org=tree.village_a1,
        channel="counter",
        category="household",
        content="新生儿落户",
        resident_name="王桂兰",
        resident_phone="13912345678",
    )
    assert request.filed_by == tree.accounts["secretary_a1"]
    with pytest.raises(PermissionDenied):
        services.request_file(
            actor=tree.accounts["secretary_a2"],
            org=tree.village_a1,
            channel="counter",
            category="household",
            content="新生儿落户",
            resident_name="王桂兰",
            resident_phone="13912345678",
        )
    with pytest.raises(ValidationError) as exc:
        services.request_file(
            actor=tree.accounts["secretary_a1"],
            org=tree.village_a1,
            channel="public",
            category="household",
            content="x",
            resident_name="王桂兰",
            resident_phone="13912345678",
        )
    assert "网上提交只能由群众" in _messages(exc)["channel"]


@pytest.mark.parametrize(
    ("mode", "deadline"),
    [
        ("onsite", dt.date(2025, 6, 10)),
        ("proxy", dt.date(2025, 6, 15)),
        ("assist", dt.date(2025, 6, 15)),
        ("referral", dt.date(2025, 6, 13)),
        ("full", dt.date(2025, 6, 25)),
    ],
)
def test_accept_sets_the_default_deadline_of_the_mode(tree, mode, deadline):
    extra = {"referred_to": "县人社局"} if mode == "referral" else {}
    request = accept(file(tree.village_a1), mode=mode, **extra)
    assert request.status == RequestStatus.HANDLING and request.deadline == deadline
    assert request.progress.count() == 1


def test_county_days_change_the_default(tree):
    services.deadline_settings_save(actor=tree.accounts["county"], county=tree.county, proxy_days=7)
    assert accept(file(tree.village_a1), mode="proxy").deadline == dt.date(2025, 6, 17)
    with pytest.raises(PermissionDenied):
        services.deadline_settings_save(actor=tree.accounts["town_a"], county=tree.county, proxy_days=3)
    with pytest.raises(ValidationError) as exc:
        services.deadline_settings_save(actor=tree.accounts["county"], county=tree.county, full_days=91)
    assert _messages(exc)["full_days"] == "全程办时限应为0至90天"


def test_accept_validation(tree):
    request = file(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.request_accept(actor=None, request=request, mode="referral", handler_name="")
    errors = _messages(exc)
    assert errors["handler_name"] == "请填写经办人"
    assert errors["referred_to"] == "介绍办须填写介绍到的部门"
    with pytest.raises(ValidationError) as exc:
        accept(request, deadline=TODAY - dt.timedelta(days=1))
    assert "办理时限不能早于提交日期" in _messages(exc)["deadline"]


def test_steps_out_of_order_are_refused(tree):
    request = file(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.request_progress_add(actor=None, request=request, text="x")
    assert _messages(exc)["status"] == "该事项尚未受理,不能添加进展"
    with pytest.raises(ValidationError) as exc:
        services.request_finish(actor=None, request=request, result="x")
    assert _messages(exc)["status"] == "该事项尚未受理,不能办结"
    request = accept(request)
    with pytest.raises(ValidationError) as exc:
        accept(request)
    assert _messages(exc)["status"] == "该事项办理中,不能再受理"
    request = services.request_finish(actor=None, request=request, result="已办好")
    assert request.status == RequestStatus.DONE and request.finished_on == TODAY
    with pytest.raises(ValidationError) as exc:
        services.request_progress_add(actor=None, request=request, text="x")
    assert _messages(exc)["status"] == "该事项已办结,不能再添加进展"
    with pytest.raises(ValidationError) as exc:
        services.request_return(actor=None, request=request, reason="x")
    assert _messages(exc)["status"] == "该事项已办结,不能再退回"


def test_return_needs_a_reason_and_ends_the_request(tree):
    request = file(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.request_return(actor=None, request=request, reason=" ")
    assert _messages(exc)["reason"] == "请填写退回原因"
    request = services.request_return(actor=None, request=request, reason="不属于本村办理范围")
    assert request.status == RequestStatus.RETURNED
    with pytest.raises(ValidationError) as exc:
        accept(request)
    assert _messages(exc)["status"] == "该事项已退回,不能再受理"


def test_finish_date_checks(tree):
    request = accept(file(tree.village_a1))
    with pytest.raises(ValidationError) as exc:
        services.request_finish(actor=None, request=request, result="x", finished_on=TODAY + dt.timedelta(days=1))
    assert _messages(exc)["finished_on"] == "办结日期不能晚于今天"
    with pytest.raises(ValidationError) as exc:
        services.request_finish(actor=None, request=request, result="")
    assert _messages(exc)["result"] == "请填写办理结果"


def test_rating_only_when_finished_and_only_once(tree):
    request = accept(file(tree.village_a1))
    with pytest.raises(ValidationError) as exc:
        services.request_rate(actor=None, request=request, rating="satisfied")
    assert _messages(exc)["status"] == "该事项尚未办结,办结后才能评价"
    request = services.request_finish(actor=None, request=request, result="已办好")
    request = services.request_rate(actor=None, request=request, rating="basic", comment="还行")
    assert request.rating == "basic" and request.rating_source == RatingSource.RESIDENT
    with pytest.raises(ValidationError) as exc:
        services.request_rate(actor=tree.accounts["secretary_a1"], request=request, rating="satisfied")
    assert _messages(exc)["status"] == "该事项已评价,不能重复评价"


def test_return_visit_is_recorded_by_the_cadre(tree):
    request = services.request_finish(actor=None, request=accept(file(tree.village_a1)), result="已办好")
    with pytest.raises(PermissionDenied):
        services.request_rate(actor=tree.accounts["secretary_a2"], request=request, rating="satisfied")
    request = services.request_rate(actor=tree.accounts["secretary_a1"], request=request, rating="satisfied")
    assert request.rating_source == RatingSource.REVISIT


def test_permissions(tree):
    request = file(tree.village_a1)
    with pytest.raises(PermissionDenied):
        services.request_accept(actor=tree.accounts["secretary_a2"], request=request, mode="proxy", handler_name="x")
    with pytest.raises(PermissionDenied):
        services.request_accept(actor=tree.accounts["member_a1"], request=request, mode="proxy", handler_name="x")
    request = services.request_accept(
        actor=tree.accounts["town_a"], request=request, mode="proxy", handler_name="镇便民服务中心"
    )
    with pytest.raises(PermissionDenied):  # a village cannot take over its own request
        services.request_reassign(actor=tree.accounts["secretary_a1"], request=request, handler_name="x")
    request = services.request_reassign(
        actor=tree.accounts["town_a"], request=request, handler_name="张振东", deadline=TODAY + dt.timedelta(days=3)
    )
    assert request.handler_name == "张振东" and request.taken_over_at is not None
    assert request.deadline == dt.date(2025, 6, 13)
    assert request.progress.filter(text__startswith="乡镇接办").exists()


def test_escalation_picks_exactly_the_overdue_open_ones_once(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 1)
    on_time = accept(file(tree.village_a1), mode="proxy")  # due 6-06
    due_today = accept(file(tree.village_a2), mode="full", deadline=dt.date(2025, 6, 10))
    overdue = accept(file(tree.village_a1), mode="referral", referred_to="县医保局")  # due 6-04
    pending = file(tree.community_b1)  # to be accepted by 6-03
    finished = services.request_finish(actor=None, request=accept(file(tree.village_a1), mode="onsite"), result="ok")
    returned = services.request_return(actor=None, request=file(tree.village_a2), reason="重复提交")
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 6)
    assert services.requests_escalate(today=dt.date(2025, 6, 6)) == 2
    rows = {r.pk: r for r in ServiceRequest.objects.all()}
    assert rows[overdue.pk].escalated_to == tree.town_a
    assert rows[pending.pk].escalated_to == tree.town_b
    for quiet in (on_time, due_today, finished, returned):
        assert rows[quiet.pk].escalated_at is None
    assert services.requests_escalate(today=dt.date(2025, 6, 6)) == 0
    assert AuditEntry.objects.filter(object_id=str(overdue.pk), action="update", actor_id=None).count() >= 1
    assert services.requests_escalate(today=dt.date(2025, 6, 7)) == 1  # on_time is due 6-06: overdue from 6-07
    assert ServiceRequest.objects.get(pk=on_time.pk).escalated_to == tree.town_a


def test_escalate_command(tree, settings, capsys):
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 1)
    file(tree.village_a1)
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 4)
    call_command("escalate_requests")
    assert "已上报乡镇1件逾期事项" in capsys.readouterr().out


def test_figures_against_hand_counts(tree, settings):
    from dangjian.service.selectors import requests as selectors

    settings.DANGJIAN_TODAY = dt.date(2025, 3, 1)
    # a1: three done (two in time, one late), one overdue open; a2: one done in time; b1: one returned.
    a1_in_time = [accept(file(tree.village_a1), mode="onsite") for _ in range(2)]
    a1_late = accept(file(tree.village_a1), mode="referral", referred_to="县民政局")  # due 3-04
    accept(file(tree.village_a1), mode="proxy")  # due 3-06, stays open
    a2_done = accept(file(tree.village_a2, category="land"), mode="proxy")
    b1_returned = file(tree.community_b1)
    for item in a1_in_time:
        services.request_finish(actor=None, request=item, result="办好了")
    services.request_finish(actor=None, request=a2_done, result="办好了")
    services.request_return(actor=None, request=b1_returned, reason="重复提交")
    settings.DANGJIAN_TODAY = dt.date(2025, 3, 10)
    services.request_finish(actor=None, request=a1_late, result="办好了")
    services.requests_escalate(today=dt.date(2025, 3, 10))
    for item, rating in zip([*a1_in_time, a1_late], ["satisfied", "basic", "unsatisfied"], strict=True):
        services.request_rate(actor=None, request=ServiceRequest.objects.get(pk=item.pk), rating=rating)
    file(tree.village_a1, filed_at=None)  # filed 3-10, still waiting: not overdue

    county = tree.accounts["county"]
    figures = selectors.figures(county, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    total = figures.total
    assert (total.filed, total.finished, total.in_time, total.returned) == (7, 4, 3, 1)
    assert (total.overdue, total.escalated, total.rated, total.good) == (1, 1, 3, 2)
    assert total.in_time_text == "3/4 (75.0%)" and total.satisfaction_text == "2/3 (66.7%)"
    assert figures.sentence == "受理群众办事7件,办结4件,按时办结 3/4 (75.0%),满意率 2/3 (66.7%)"
    towns = {t.name: (t.filed, t.finished, t.in_time) for t in figures.towns}
    assert towns == {"东城镇党委": (6, 4, 3), "西关街道党工委": (1, 0, 0)}
    modes = {t.key: (t.filed, t.finished, t.in_time) for t in figures.modes}
    assert modes == {"onsite": (2, 2, 2), "proxy": (2, 1, 1), "referral": (1, 1, 0)}
    categories = {t.key: t.filed for t in figures.categories}
    assert categories == {"certificate": 6, "land": 1}
    a2 = selectors.figures(county, dt.date(2025, 1, 1), dt.date(2025, 12, 31), tree.village_a2).total
    assert (a2.filed, a2.finished, a2.in_time) == (1, 1, 1)
    assert selectors.figures(county, dt.date(2025, 3, 2), dt.date(2025, 12, 31)).total.filed == 1
    town_b = selectors.figures(tree.accounts["secretary_a2"], dt.date(2025, 1, 1), dt.date(2025, 12, 31)).total
    assert town_b.filed == 1  # a village sees its own
