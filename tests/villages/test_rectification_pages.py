"""软弱涣散整顿 pages: the home page's figures and cases list (filters, export, empty state), the round page (ranking,
proposal, the county's confirmation), and a case's ledger kept by the township (entries, visits, the five conditions,
the exit applied and accepted)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import Role
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import CandidateStatus, CaseStatus, ExitCondition
from dangjian.villages.models import RectCandidate, RectCase, RectEntry, RectRound
from dangjian.villages.services import rectification as services
from tests.core.factories import make_account
from tests.core.pages import login, page
from tests.villages.rectification_world import rectification_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 2)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def test_home_shows_figures_cases_and_an_empty_state(tree, client, today):
    login(client, tree, "county")
    html = page(client.get(reverse("villages:rectification_home")))
    assert "暂无排查轮次" in html and "暂无整顿对象" in html
    rectification_world(tree)
    case = RectCase.objects.get(org=tree.village_a2)
    for condition in ExitCondition.values:
        services.check_set(actor=None, case=case, condition=condition, met=True, evidence="材料齐全")
    services.exit_apply(actor=None, case=case)
    services.exit_accept(actor=None, case=case)
    html = page(client.get(reverse("villages:rectification_home")))
    assert "已整顿到位1个/3个 (33.3%)" in html
    assert "确定软弱涣散村党组织3个,已整顿到位1个" in html
    assert "东城镇李庄村党支部" in html and "西关街道和平社区党支部" in html
    html = page(client.get(reverse("villages:rectification_home"), {"status": "exited"}))
    assert "东城镇王庄村党支部" in html and "东城镇李庄村党支部" not in html
    html = page(client.get(reverse("villages:rectification_home"), {"township": tree.town_b.pk}))
    assert "西关街道和平社区党支部" in html and "东城镇李庄村党支部" not in html
    html = page(client.get(reverse("villages:rectification_home"), {"search": "不存在的村"}))
    assert "暂无符合条件的整顿对象" in html
    html = page(client.get(reverse("villages:rectification_home"), {"year": "2024"}))
    assert "已整顿到位0个/0个" in html
    html = page(client.get(reverse("villages:rectification_home"), {"org": "T001"}))
    assert "已整顿到位1个/2个 (50.0%)" in html


def test_export_opens_and_is_audited(tree, client, today):
    rectification_world(tree)
    login(client, tree, "town_a")
    response = client.get(reverse("villages:rectification_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "东城镇李庄村党支部" in names and "西关街道和平社区党支部" not in names
    export = AuditEntry.objects.filter(action="export").latest("pk")
    assert export.after["kind"] == "village_rectification_cases" and export.after["rows"] == 2
    login(client, tree, "member_a1")
    assert client.get(reverse("villages:rectification_export")).status_code == 403


def test_county_opens_a_round_proposes_and_confirms(tree, client, today):
    login(client, tree, "county")
    response = client.post(
        reverse("villages:rectification_round_create"), {"year": 2025, "ratio": "9", "opened_on": "2025-06-02"}
    )
    assert "倒排比例不能低于10%" in page(response)
    response = client.post(
        reverse("villages:rectification_round_create"), {"year": 2025, "ratio": "10", "opened_on": "2025-06-02"}
    )
    round_ = RectRound.objects.get()
    assert response.status_code == 302
    login(client, tree, "town_a")
    assert client.get(reverse("villages:rectification_round_create")).status_code == 403
    response = client.post(
        reverse("villages:rectification_assess", args=[round_.pk]), {"org_code": "V001", "score": "61"}
    )
    assert response.status_code == 302
    client.post(reverse("villages:rectification_import", args=[round_.pk]), {"text": "V002 88"})
    client.post(
        reverse("villages:rectification_candidate_add", args=[round_.pk]),
        {"org_code": "V002", "reason": "村书记长期外出务工"},
    )
    assert client.post(reverse("villages:rectification_propose", args=[round_.pk])).status_code == 403
    html = page(client.get(reverse("villages:rectification_round", args=[round_.pk])))
    assert "第2/2名" in html and "乡镇提出:村书记长期外出务工" in html
    login(client, tree, "county")
    client.post(reverse("villages:rectification_propose", args=[round_.pk]))
    weakest = RectCandidate.objects.get(org=tree.village_a1)
    assert weakest.reason == "排名后10%:第2/2名"
    confirm = reverse("villages:rectification_candidate_decide", args=[weakest.pk, "confirm"])
    assert "确认将" in page(client.get(confirm))
    response = client.post(confirm, {"note": ""})
    case = RectCase.objects.get(org=tree.village_a1)
    assert response.status_code == 302 and response["Location"] == reverse(
        "villages:rectification_case", args=[case.pk]
    )
    other = RectCandidate.objects.get(org=tree.village_a2)
    reject = reverse("villages:rectification_candidate_decide", args=[other.pk, "reject"])
    assert "请填写不列入的理由" in page(client.post(reject, {"note": ""}))
    client.post(reject, {"note": "经核实书记已返岗"})
    assert RectCandidate.objects.get(pk=other.pk).status == CandidateStatus.REJECTED


def test_a_village_cannot_confirm_itself_and_another_township_sees_nothing(tree, client, today):
    rectification_world(tree)
    candidate = RectCandidate.objects.get(org=tree.village_a1)
    case = RectCase.objects.get(org=tree.village_a1)
    login(client, tree, "secretary_a1")
    assert client.get(
        reverse("villages:rectification_candidate_decide", args=[candidate.pk, "confirm"])
    ).status_code in (
        403,
        404,
    )
    assert client.get(reverse("villages:rectification_exit", args=[case.pk, "apply"])).status_code == 403
    page(client.get(reverse("villages:rectification_case", args=[case.pk])))  # the village sees its own ledger
    make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    client.force_login(make_account("town_b_viewer", tree.town_b, Role.TOWNSHIP_ADMIN))
    assert client.get(reverse("villages:rectification_case", args=[case.pk])).status_code == 404
    html = page(client.get(reverse("villages:rectification_home")))
    assert "东城镇李庄村党支部" not in html and "西关街道和平社区党支部" in html


def test_township_keeps_the_ledger_and_the_county_accepts_the_exit(tree, client, today):
    rectification_world(tree)
    case = RectCase.objects.get(org=tree.village_a1)
    url = reverse("villages:rectification_case", args=[case.pk])
    login(client, tree, "town_a")
    html = page(client.get(url))
    assert "记整顿台账" in html and "已达到 1/5" in html
    response = client.post(
        reverse("villages:rectification_entry_add", args=[case.pk]),
        {"occurred_on": "2025-06-02", "measure": "发展党员", "progress": "确定入党积极分子2名", "responsible": "王强"},
    )
    assert response.status_code == 302 and RectEntry.objects.filter(case=case).count() == 2
    response = client.post(
        reverse("villages:rectification_entry_add", args=[case.pk]),
        {"occurred_on": "2025-06-03", "measure": "x", "progress": "y", "responsible": "z"},
    )
    assert "日期不能晚于今天" in page(response)
    client.post(
        reverse("villages:rectification_visit_add", args=[case.pk]),
        {"visited_on": "2025-06-02", "visitors": "镇纪委书记", "findings": "会议记录不全", "requirements": ""},
    )
    for condition in ExitCondition.values[1:4]:
        client.post(
            reverse("villages:rectification_check", args=[case.pk, condition]),
            {f"{condition}-met": "on", f"{condition}-evidence": "已完成"},
        )
    response = client.post(reverse("villages:rectification_exit", args=[case.pk, "apply"]), follow=True)
    assert "尚未达到以下不撤离条件,不能申请整顿到位:群众对班子不满意不撤离" in page(response)
    client.post(
        reverse("villages:rectification_check", args=[case.pk, "people_satisfied"]),
        {"people_satisfied-met": "on", "people_satisfied-evidence": "群众满意度测评92%"},
    )
    client.post(reverse("villages:rectification_exit", args=[case.pk, "apply"]))
    assert RectCase.objects.get(pk=case.pk).status == CaseStatus.APPLIED
    assert client.get(reverse("villages:rectification_exit", args=[case.pk, "accept"])).status_code == 403
    login(client, tree, "county")
    assert "确认东城镇李庄村党支部整顿到位" in page(
        client.get(reverse("villages:rectification_exit", args=[case.pk, "accept"]))
    )
    client.post(reverse("villages:rectification_exit", args=[case.pk, "accept"]))
    exited = RectCase.objects.get(pk=case.pk)
    assert exited.status == CaseStatus.EXITED and exited.exited_on == TODAY
    assert "已整顿到位1个/3个 (33.3%)" in page(client.get(reverse("villages:rectification_home")))


def test_plan_team_and_delete_confirmations(tree, client, today):
    rectification_world(tree)
    case = RectCase.objects.get(org=tree.village_a1)
    login(client, tree, "town_a")
    client.post(
        reverse("villages:rectification_case_edit", args=[case.pk]),
        {
            "leader_name": "李明",
            "leader_post": "县委常委、组织部部长",
            "problems": "班子不团结",
            "measures": "",
            "target_on": "",
        },
    )
    client.post(
        reverse("villages:rectification_team_add", args=[case.pk]),
        {"name": "王强", "post": "镇党委书记", "role": "leader"},
    )
    html = page(client.get(reverse("villages:rectification_case", args=[case.pk])))
    assert "李明" in html and "县委常委、组织部部长" in html and "王强" in html
    entry = RectEntry.objects.filter(case=case).first()
    delete = reverse("villages:rectification_entry_delete", args=[entry.pk])
    assert "确认删除" in page(client.get(delete))
    client.post(delete)
    assert not RectEntry.objects.filter(pk=entry.pk).exists()
