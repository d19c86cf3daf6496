"""County recruitment settings: the services (who may, what is refused) and their pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.members.models import Applicant, CandidateScore, RecruitSetting, ScoreItem, TownshipQuota
from dangjian.members.services.recruitment_settings import (
    QUOTA_NOT_TOWNSHIP,
    recruit_setting_save,
    score_item_delete,
    score_item_save,
    township_quota_save,
)
from tests.core.factories import id_number
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

SETTINGS = "members:recruit_settings"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def item(tree, **values):
    data = {"name": "思想政治素质", "weight": Decimal(1), "max_score": Decimal(30), "order": 1, "active": True}
    data.update(values)
    return score_item_save(actor=tree.accounts["county"], county=tree.county, **data)


def nominated_applicant(tree, org, year):
    """An applicant the township nominated against its quota of `year` (written directly: only the count matters)."""
    return Applicant.objects.create(
        county=tree.county,
        org=org,
        org_path=org.path,
        name="被提名人",
        gender="male",
        birth_date=dt.date(1995, 1, 1),
        education="high_school",
        id_number_encrypted="x",
        id_number_index=id_number(birth=dt.date(1995, 1, 1)),
        id_number_masked="4111**********0000",
        applied_on=dt.date(2023, 1, 1),
        nominated_on=dt.date(year, 2, 1),
        quota_year=year,
        step=11,
    )


# --- services ---------------------------------------------------------------------------------------------


def test_county_admin_saves_the_settings_and_the_change_is_audited(tree):
    setting = recruit_setting_save(
        actor=tree.accounts["county"], county=tree.county, six_three=True, pass_mark=Decimal(70), talk_within_months=2
    )
    setting.refresh_from_db()
    assert (setting.six_three, setting.pass_mark, setting.talk_within_months) == (True, Decimal(70), 2)
    assert setting.review_every_months == 6 and setting.approval_within_months == 3
    recruit_setting_save(actor=tree.accounts["county"], county=tree.county, pass_mark=Decimal(75))
    entries = AuditEntry.objects.filter(object_type="members.recruitsetting").order_by("id")
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries[1].before == {"pass_mark": "70.00"} and entries[1].after == {"pass_mark": "75"}


@pytest.mark.parametrize("who", ["town_a", "secretary_a1", "member_a1"])
def test_only_the_county_admin_changes_the_settings(tree, who):
    with pytest.raises(PermissionDenied):
        recruit_setting_save(actor=tree.accounts[who], county=tree.county, six_three=True)
    with pytest.raises(PermissionDenied):
        score_item_save(
            actor=tree.accounts[who], county=tree.county, name="x", weight=Decimal(1), max_score=Decimal(10)
        )
    with pytest.raises(PermissionDenied):
        township_quota_save(actor=tree.accounts[who], township=tree.town_a, year=2026, quota=5)
    assert not RecruitSetting.objects.exists() and not ScoreItem.objects.exists()
    assert not TownshipQuota.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("talk_within_months", 0, "申请后谈话期限应为1至12个月"),
        ("talk_within_months", 13, "申请后谈话期限应为1至12个月"),
        ("review_every_months", 0, "积极分子考察间隔应为1至12个月"),
        ("approval_within_months", 7, "审批期限应为1至6个月"),
        ("pass_mark", Decimal(-1), "量化考评合格分应在0至9999.99之间"),
    ],
)
def test_settings_out_of_range_are_refused(tree, field, value, message):
    with pytest.raises(ValidationError) as exc:
        recruit_setting_save(actor=tree.accounts["county"], county=tree.county, **{field: value})
    assert exc.value.message_dict[field] == [message]
    assert not RecruitSetting.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("talk_within_months", 12), ("approval_within_months", 6)])
def test_settings_at_their_bounds_are_accepted(tree, field, value):
    setting = recruit_setting_save(actor=tree.accounts["county"], county=tree.county, **{field: value})
    assert getattr(setting, field) == value


def test_settings_belong_to_a_county_level_org(tree):
    with pytest.raises(ValidationError) as exc:
        recruit_setting_save(actor=tree.accounts["county"], county=tree.town_a, six_three=True)
    assert exc.value.message_dict["county"] == ["发展党员设置属于县(区)一级党组织"]


def test_score_items_are_validated_and_unique_per_county(tree):
    item(tree)
    with pytest.raises(ValidationError) as exc:
        item(tree, weight=Decimal(0), max_score=Decimal(0))
    assert exc.value.message_dict == {
        "name": ["本县已有名为“思想政治素质”的考评项目"],
        "weight": ["权重应大于0且不超过999.99"],
        "max_score": ["满分应大于0且不超过9999.99"],
    }
    assert ScoreItem.objects.count() == 1


def test_score_item_in_use_is_not_deleted_and_its_maximum_stays_above_given_scores(tree):
    used = item(tree)
    unused = item(tree, name="群众评议")
    applicant = nominated_applicant(tree, tree.village_a1, 2026)
    CandidateScore.objects.create(applicant=applicant, item=used, score=Decimal(25), scored_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        score_item_delete(actor=tree.accounts["county"], item=used)
    assert exc.value.messages == ["已有1名发展对象按“思想政治素质”评分,不能删除,可改为停用"]
    with pytest.raises(ValidationError) as exc:
        item(tree, item=used, max_score=Decimal(20))
    assert exc.value.message_dict["max_score"] == ["已有得分25.00分,满分不能低于已评得分"]
    item(tree, item=used, max_score=Decimal(25), active=False)
    score_item_delete(actor=tree.accounts["county"], item=unused)
    assert list(ScoreItem.objects.values_list("name", "max_score", "active")) == [("思想政治素质", Decimal(25), False)]
    assert AuditEntry.objects.filter(object_type="members.scoreitem", action=AuditAction.DELETE).count() == 1


def test_quota_belongs_to_the_township_never_to_a_village(tree):
    with pytest.raises(ValidationError) as exc:
        township_quota_save(actor=tree.accounts["county"], township=tree.village_a1, year=2026, quota=2)
    assert exc.value.message_dict["township"] == [QUOTA_NOT_TOWNSHIP]
    row = township_quota_save(actor=tree.accounts["county"], township=tree.town_a, year=2026, quota=3)
    assert (row.county_id, row.org_path, row.quota) == (tree.county.pk, tree.town_a.path, 3)
    township_quota_save(actor=tree.accounts["county"], township=tree.town_a, year=2026, quota=4)
    assert TownshipQuota.objects.get().quota == 4


def test_quota_cannot_fall_below_the_places_already_taken(tree):
    township_quota_save(actor=tree.accounts["county"], township=tree.town_a, year=2026, quota=2)
    nominated_applicant(tree, tree.village_a1, 2026)
    nominated_applicant(tree, tree.village_a2, 2026)
    with pytest.raises(ValidationError) as exc:
        township_quota_save(actor=tree.accounts["county"], township=tree.town_a, year=2026, quota=1)
    assert exc.value.message_dict["quota"] == ["东城镇党委2026年已提名2名发展对象,计划指标不能少于2名"]
    township_quota_save(actor=tree.accounts["county"], township=tree.town_b, year=2026, quota=0)


# --- pages ------------------------------------------------------------------------------------------------


def test_settings_page_saves_and_says_the_periods_are_county_settings(tree, client):
    html = page(login(client, tree, "county").get(reverse(SETTINGS)))
    assert "以下期限为本县(区)设置" in html and "规定原文未经核实" in html
    assert "暂无考评项目" in html and "东城镇党委" in html and "西关街道党工委" in html and "未下达" in html
    response = client.post(
        reverse(SETTINGS),
        {
            "six_three": "on",
            "talk_within_months": "1",
            "review_every_months": "6",
            "approval_within_months": "9",
            "pass_mark": "60",
        },
    )
    html = page(response)
    assert "审批期限应为1至6个月" in html and 'value="9"' in html
    assert not RecruitSetting.objects.exists()
    response = client.post(
        reverse(SETTINGS),
        {
            "six_three": "on",
            "talk_within_months": "1",
            "review_every_months": "6",
            "approval_within_months": "6",
            "pass_mark": "60",
        },
    )
    assert response.status_code == 302
    assert RecruitSetting.objects.get(county=tree.county).six_three is True


def test_item_pages_add_change_and_delete_with_confirmation(tree, client):
    login(client, tree, "county")
    data = {"name": "群众评议", "weight": "2", "max_score": "10", "order": "1", "active": "on"}
    assert client.post(reverse("members:recruit_item_create"), data).status_code == 302
    html = page(client.post(reverse("members:recruit_item_create"), data))
    assert "本县已有名为“群众评议”的考评项目" in html
    the_item = ScoreItem.objects.get()
    html = page(client.get(reverse(SETTINGS)))
    assert "群众评议" in html and "满分合计 <strong>20</strong>" in html
    confirm = page(client.get(reverse("members:recruit_item_delete", args=[the_item.pk])))
    assert "确认删除" in confirm and ScoreItem.objects.exists()
    assert client.post(reverse("members:recruit_item_delete", args=[the_item.pk])).status_code == 302
    assert not ScoreItem.objects.exists()


def test_quota_page_refuses_a_village_with_the_rule(tree, client):
    login(client, tree, "county")
    html = page(
        client.post(reverse("members:recruit_quota_edit", args=[tree.village_a1.pk]), {"year": 2026, "quota": 2})
    )
    assert QUOTA_NOT_TOWNSHIP in html and not TownshipQuota.objects.exists()
    response = client.post(reverse("members:recruit_quota_edit", args=[tree.town_a.pk]), {"year": 2026, "quota": 2})
    assert response.status_code == 302
    html = page(client.get(reverse(SETTINGS), {"year": 2026}))
    assert TownshipQuota.objects.get().quota == 2 and "设置指标" in html
