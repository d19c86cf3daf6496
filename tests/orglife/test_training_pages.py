"""Training pages: the classes with their figures, a class with enrolment and attendance, deleting (asked first),
the rotation page with coverage and who has not been trained, and the exports."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction, PostTitle
from dangjian.core.models import AuditEntry
from dangjian.core.services import post_create
from dangjian.orglife.choices import EnrolmentStatus, TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, StudyLog, TrainingClass
from dangjian.orglife.services import training as services
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def class_data(**overrides):
    data = {
        "title": "基层党组织书记轮训班",
        "organiser": "县委组织部",
        "place": "红旗渠干部学院",
        "kind": TrainingKind.CONCENTRATED,
        "group": TrainingGroup.SECRETARIES,
        "starts_on": "2026-03-09",
        "ends_on": "2026-03-13",
        "hours": "40",
        "note": "",
    }
    return data | overrides


@pytest.fixture
def county_class(tree, today):
    return services.training_class_create(
        actor=None,
        org=tree.county,
        **{k: v for k, v in class_data().items() if k not in ("starts_on", "ends_on", "hours")},
        starts_on=dt.date(2026, 3, 9),
        ends_on=dt.date(2026, 3, 13),
        hours=Decimal("40"),
    )


def test_a_manager_registers_a_class_and_the_form_names_the_rule(tree, client, today):
    login(client, tree, "county")
    html = page(client.post(reverse("orglife:training_create"), class_data(hours="121")))
    assert "学时不能超过培训天数×24(本班5天,最多120学时)" in html
    assert 'value="红旗渠干部学院"' in html and not TrainingClass.objects.exists()
    response = client.post(reverse("orglife:training_create"), class_data())
    training = TrainingClass.objects.get()
    assert response.status_code == 302 and response.url == reverse("orglife:training_detail", args=[training.pk])
    assert training.org == tree.county


def test_the_list_shows_the_figures_filters_and_an_empty_state(tree, client, county_class):
    services.enrol_branch(actor=None, training=county_class, branch=tree.town_a)
    services.attendance_mark_all(actor=None, training=county_class)
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:training_list")))
    assert "1期, 5人次, 40.0学时" in html and "基层党组织书记轮训班" in html and "红旗渠干部学院" in html
    assert "组织党员干部5人次开展培训1期" in html
    html = page(client.get(reverse("orglife:training_list"), {"kind": TrainingKind.VIDEO}))
    assert "暂无符合条件的培训班" in html and "0期, 0人次, 0.0学时" in html
    html = page(client.get(reverse("orglife:training_list"), {"search": "红旗渠", "year": "2026"}))
    assert "基层党组织书记轮训班" in html


def test_a_branch_sees_the_county_class_of_its_members_but_not_others(tree, client, county_class):
    services.enrolment_create(actor=None, training=county_class, person=tree.people["a1"][0])
    login(client, tree, "secretary_a1")
    assert "基层党组织书记轮训班" in page(client.get(reverse("orglife:training_list")))
    html = page(client.get(reverse("orglife:training_detail", args=[county_class.pk])))
    assert tree.people["a1"][0].name in html and "登记参训情况" not in html
    login(client, tree, "secretary_a2")
    assert "暂无培训班" in page(client.get(reverse("orglife:training_list")))
    assert client.get(reverse("orglife:training_detail", args=[county_class.pk])).status_code == 404


def test_enrol_by_name_and_by_branch_then_mark_attendance(tree, client, county_class):
    login(client, tree, "county")
    person = tree.people["b1"][1]
    url = reverse("orglife:training_enrol", args=[county_class.pk])
    html = page(client.get(url, {"q": person.name}))
    assert person.name in html and "报名" in html
    assert client.post(url, {"person": person.pk}).status_code == 302
    html = page(client.get(url, {"q": person.name}))
    assert "已报名" in html
    response = client.post(
        reverse("orglife:training_enrol_branch", args=[county_class.pk]), {"branch": tree.village_a1.pk}
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(training=county_class).count() == 4
    enrolment = Enrolment.objects.get(person=person)
    attendance = reverse("orglife:training_attendance", args=[enrolment.pk])
    html = page(client.post(attendance, {"attended": "1", "hours": "41"}))
    assert "参训学时不能超过培训班学时(40.0)" in html
    assert client.post(attendance, {"attended": "1", "hours": "20"}).status_code == 302
    assert StudyLog.objects.get(person=person).hours == Decimal("20.0")
    html = page(client.get(reverse("orglife:training_detail", args=[county_class.pk])))
    assert "报名 4 人,参训 1 人次,累计 20.0 学时" in html
    assert "其余 3 人全部登记为已参训" in html
    assert client.post(reverse("orglife:training_attend_all", args=[county_class.pk])).status_code == 302
    assert Enrolment.objects.filter(status=EnrolmentStatus.ATTENDED).count() == 4


def test_deleting_asks_first_and_is_refused_once_attendance_is_recorded(tree, client, county_class):
    login(client, tree, "county")
    url = reverse("orglife:training_delete", args=[county_class.pk])
    assert "确认删除" in page(client.get(url)) and TrainingClass.objects.exists()
    enrolment = services.enrolment_create(actor=None, training=county_class, person=tree.people["a1"][0])
    services.attendance_mark(actor=None, enrolment=enrolment, attended=True)
    assert "该培训班已登记参训情况,不能删除" in page(client.post(url))
    services.attendance_mark(actor=None, enrolment=enrolment, attended=False)
    services.enrolment_delete(actor=None, enrolment=enrolment)
    assert client.post(url).status_code == 302
    assert not TrainingClass.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="orglife.trainingclass").exists()


def test_others_may_not_manage_the_class(tree, client, county_class):
    login(client, tree, "town_a")
    assert client.get(reverse("orglife:training_edit", args=[county_class.pk])).status_code == 404
    services.enrolment_create(actor=None, training=county_class, person=tree.people["a1"][0])
    assert client.get(reverse("orglife:training_edit", args=[county_class.pk])).status_code == 403
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:training_create")).status_code == 403
    html = page(client.get(reverse("orglife:training_list")))
    assert "基层党组织书记轮训班" in html and "登记培训班" not in html


def test_rotation_page_shows_coverage_and_who_is_left(tree, client, county_class):
    start = dt.date(2021, 1, 1)
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2)):
        post_create(actor=None, person=tree.people[key][0], org=org, title=PostTitle.SECRETARY, term_start=start)
    enrolment = services.enrolment_create(actor=None, training=county_class, person=tree.people["a1"][0])
    services.attendance_mark(actor=None, enrolment=enrolment, attended=True)
    login(client, tree, "county")
    response = client.post(
        reverse("orglife:training_target_create"),
        {"year": "2026", "group": "secretaries", "min_hours": "0", "note": "年内全部轮训一遍"},
    )
    assert response.status_code == 302
    html = page(client.get(reverse("orglife:training_rotation"), {"group": "secretaries"}))
    assert "1/2 (50.0%)" in html and "年内全部轮训一遍" in html
    assert tree.people["a2"][0].name in html and f"<td>{tree.people['a1'][0].name}</td>" not in html
    html = page(client.get(reverse("orglife:training_rotation"), {"year": "2025"}))
    assert "暂无2025年的轮训目标" in html
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse("orglife:training_rotation"), {"group": "secretaries"}))
    assert "0/1 (0.0%)" in html


def test_exports_open_and_are_audited(tree, client, county_class):
    services.enrol_branch(actor=None, training=county_class, branch=tree.village_a1)
    services.attendance_mark_all(actor=None, training=county_class)
    services.rotation_target_set(actor=None, org=tree.county, year=2026, group=TrainingGroup.MEMBERS)
    login(client, tree, "county")
    response = client.get(reverse("orglife:training_export"), {"year": "2026"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "培训主题" and rows[2][0] == "基层党组织书记轮训班" and rows[2][10] == 3
    assert rows[-1][0] == "合计1期"
    response = client.get(reverse("orglife:training_enrolments_export", args=[county_class.pk]))
    names = [row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert tree.people["a1"][0].name in names
    response = client.get(reverse("orglife:training_rotation_export"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["轮训目标完成情况", "尚未轮训人员"]
    assert list(book["轮训目标完成情况"].iter_rows(values_only=True))[2][4] == "0/7 (0.0%)"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 3
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:training_export")).status_code == 403


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_training_pages_queries_do_not_grow_with_rows(tree, client, county_class):
    services.rotation_target_set(actor=None, org=tree.county, year=2026, group=TrainingGroup.MEMBERS)
    login(client, tree, "county")
    urls = [
        reverse("orglife:training_list"),
        reverse("orglife:training_detail", args=[county_class.pk]),
        reverse("orglife:training_rotation"),
    ]

    def add_rows(count):
        for _ in range(count):
            training = services.training_class_create(
                actor=None,
                org=tree.town_a,
                title="党员冬训",
                organiser="镇党委",
                place="镇党校",
                kind=TrainingKind.MEETING,
                group=TrainingGroup.MEMBERS,
                starts_on=dt.date(2026, 3, 1),
                ends_on=dt.date(2026, 3, 1),
                hours=Decimal("4"),
            )
            services.enrol_branch(actor=None, training=training, branch=tree.town_a)
            services.attendance_mark_all(actor=None, training=training)

    services.enrolment_create(actor=None, training=county_class, person=tree.people["a1"][0])
    add_rows(1)
    queries(client, urls[0])  # the first request of a session reads more
    before = [queries(client, url) for url in urls]
    services.enrol_branch(actor=None, training=county_class, branch=tree.county)
    add_rows(3)
    assert [queries(client, url) for url in urls] == before


def test_every_training_page_opens(tree, client, county_class):
    enrolment = services.enrolment_create(actor=None, training=county_class, person=tree.people["a1"][0])
    target = services.rotation_target_set(actor=None, org=tree.county, year=2026, group=TrainingGroup.MEMBERS)
    pages = [
        ("orglife:training_list", []),
        ("orglife:training_rotation", []),
        ("orglife:training_detail", [county_class.pk]),
        ("orglife:training_create", []),
        ("orglife:training_edit", [county_class.pk]),
        ("orglife:training_delete", [county_class.pk]),
        ("orglife:training_enrol", [county_class.pk]),
        ("orglife:training_attend_all", [county_class.pk]),
        ("orglife:training_attendance", [enrolment.pk]),
        ("orglife:training_enrolment_delete", [enrolment.pk]),
        ("orglife:training_target_create", []),
        ("orglife:training_target_delete", [target.pk]),
    ]
    login(client, tree, "county")
    for name, args in pages:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:training_detail", args=[county_class.pk])).status_code == 200
    for name, args in pages[3:]:
        assert client.get(reverse(name, args=args)).status_code in (403, 404), name
