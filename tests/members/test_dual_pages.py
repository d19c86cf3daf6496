"""双报到 pages: the home branch registers its member; the community sees name and phone and confirms service."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import Role
from dangjian.members.models import CommunityRegistration, CommunityService
from dangjian.members.services import dual as services
from tests.core.factories import make_account, make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def community_secretary(tree):
    return make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)


@pytest.fixture
def registration(tree, today):
    person = make_person(tree.village_a2, name="吴在职", phone="13712345678", address="西关街道和平社区3号楼")
    return services.dual_register(
        actor=tree.accounts["secretary_a2"],
        person=person,
        community=tree.community_b1,
        registered_on=dt.date(2026, 1, 15),
        skills="义务理发",
    )


def test_home_branch_registers_from_the_page(tree, client, today):
    person = tree.people["a2"][1]
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse("members:dual_list")))
    assert "暂无本组织党员的报到记录" in html and "办理报到" in html
    url = reverse("members:dual_register") + f"?person={person.pk}"
    html = page(client.post(url, {"community_code": "V001", "registered_on": "2026-02-01"}))
    assert "在职党员只能到社区党组织报到(所属领域须为社区)" in html and 'value="V001"' in html
    html = page(client.post(url, {"community_code": "NOPE", "registered_on": "2026-02-01"}))
    assert "组织代码“NOPE”不存在" in html
    response = client.post(url, {"community_code": "V003", "registered_on": "2026-02-01", "skills": "电脑维修"})
    registration = CommunityRegistration.objects.get()
    assert response["Location"] == reverse("members:dual_detail", args=[registration.pk])
    html = page(client.get(reverse("members:dual_list")))
    assert person.name in html and tree.community_b1.name in html


def test_the_community_sees_name_and_phone_only_and_confirms_service(tree, client, registration, community_secretary):
    person = registration.person
    services.dual_service_record(
        actor=tree.accounts["secretary_a2"],
        registration=registration,
        served_on=dt.date(2026, 2, 10),
        hours=Decimal("2.5"),
        content="为老人义务理发",
    )
    client.force_login(community_secretary)
    html = page(client.get(reverse("members:dual_list")))  # a community starts on the members registered with it
    assert "到本社区报到的党员" in html and person.name in html and "13712345678" in html
    assert "2.5" in html
    detail = page(client.get(reverse("members:dual_detail", args=[registration.pk])))
    assert "西关街道和平社区3号楼" not in detail and person.id_number_masked not in detail
    assert reverse("core:person_detail", args=[person.pk]) not in detail
    assert client.get(reverse("core:person_detail", args=[person.pk])).status_code == 404
    service = CommunityService.objects.get()
    assert client.post(reverse("members:dual_service_confirm", args=[service.pk])).status_code == 302
    service.refresh_from_db()
    assert service.confirmed_by_community


def test_the_home_branch_cannot_confirm_and_sees_the_member_record(tree, client, registration):
    service = services.dual_service_record(
        actor=tree.accounts["secretary_a2"],
        registration=registration,
        served_on=dt.date(2026, 2, 10),
        hours=Decimal("1"),
        content="垃圾分类宣传",
    )
    login(client, tree, "secretary_a2")
    detail = page(client.get(reverse("members:dual_detail", args=[registration.pk])))
    assert "待社区确认" in detail and reverse("core:person_detail", args=[registration.person_id]) in detail
    assert client.post(reverse("members:dual_service_confirm", args=[service.pk])).status_code == 403
    login(client, tree, "secretary_a1")
    assert client.get(reverse("members:dual_detail", args=[registration.pk])).status_code == 404


def test_service_form_errors_stay_on_the_field(tree, client, registration):
    login(client, tree, "secretary_a2")
    url = reverse("members:dual_service_create", args=[registration.pk])
    html = page(client.post(url, {"served_on": "2026-02-10", "hours": "30", "content": "值守"}))
    assert "一天的服务时长不超过24小时" in html and 'value="值守"' in html
    html = page(client.post(url, {"served_on": "2026-02-10", "hours": "1.25", "content": "值守"}))
    assert "服务时长精确到0.1小时" in html
    assert not CommunityService.objects.exists()


def test_ending_asks_first(tree, client, registration, community_secretary):
    client.force_login(community_secretary)
    url = reverse("members:dual_end", args=[registration.pk])
    assert "确认结束" in page(client.get(url))
    assert client.post(url, {"ended_on": "2026-02-28"}).status_code == 302
    registration.refresh_from_db()
    assert registration.ended_on == dt.date(2026, 2, 28)
    html = page(client.get(reverse("members:dual_list")))
    assert "已于2026-02-28结束" in html


def test_list_queries_do_not_grow_with_rows(tree, client, registration, community_secretary):
    client.force_login(community_secretary)
    url = reverse("members:dual_list")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # the first request of a session also renews it
    few = count()
    for _ in range(4):
        services.dual_register(
            actor=None, person=make_person(tree.village_a1), community=tree.community_b1, registered_on=TODAY
        )
    assert count() == few


def test_export_as_printed_from_each_side(tree, client, registration, community_secretary):
    def rows(response):
        assert response.status_code == 200
        return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    client.force_login(community_secretary)
    community = rows(client.get(reverse("members:dual_list"), {"side": "community", "export": "xlsx"}))
    assert community[1][:2] == ("姓名", "联系电话")
    assert community[2][:2] == ("吴在职", "13712345678")
    login(client, tree, "secretary_a2")
    home = rows(client.get(reverse("members:dual_list"), {"side": "home", "export": "xlsx"}))
    assert "联系电话" not in home[1]
    assert home[2][0] == "吴在职"
    login(client, tree, "secretary_a1")
    assert len(rows(client.get(reverse("members:dual_list"), {"side": "home", "export": "xlsx"}))) == 2
