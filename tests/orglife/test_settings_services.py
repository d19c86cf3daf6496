"""The county's settings of organisational life and its routine requirements: who may change them, what is
refused (in Chinese, naming the field), and the audit entries written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import Cycle, MeetingKind, OrgCategory
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.services import settings as services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(model_name: str, action=None):
    found = AuditEntry.objects.filter(object_type=f"orglife.{model_name}")
    return found.filter(action=action) if action else found


def requirement(tree, actor=None, **overrides):
    values = {
        "kind": MeetingKind.PARTY_LESSON,
        "org_category": OrgCategory.ALL_BRANCHES,
        "expected": 1,
        "cycle": Cycle.QUARTER,
        "effective_from": dt.date(2026, 1, 1),
    }
    return services.requirement_create(actor=actor, county=tree.county, **(values | overrides))


def test_settings_for_a_county_without_a_row_are_the_defaults(tree):
    setting = services.settings_for(tree.county.pk)
    assert setting._state.adding and not OrgLifeSetting.objects.exists()
    assert setting.theme_days == [10] and setting.agenda_items[0] == "学习党章" and len(setting.agenda_items) == 6
    assert (setting.late_entry_days, setting.checkin_before_minutes, setting.late_after_minutes) == (7, 30, 15)
    assert services.settings_for(None)._state.adding


def test_county_admin_saves_settings_and_the_change_is_audited(tree):
    admin = tree.accounts["county"]
    saved = services.orglife_setting_update(actor=admin, county=tree.county, theme_days=[10, 5], late_entry_days=10)
    assert saved.theme_days == [5, 10] and saved.late_entry_days == 10
    assert services.settings_for(tree.county.pk).pk == saved.pk
    assert entries("orglifesetting", AuditAction.CREATE).count() == 1
    services.orglife_setting_update(
        actor=admin, county=tree.county, agenda_items=[" 学习党章 ", "交纳党费"], checkin_after_minutes=60
    )
    row = OrgLifeSetting.objects.get()
    assert row.agenda_items == ["学习党章", "交纳党费"] and row.theme_days == [5, 10]
    update = entries("orglifesetting", AuditAction.UPDATE).get()
    assert set(update.after) == {"agenda_items", "checkin_after_minutes"}


@pytest.mark.parametrize("who", ["town_a", "secretary_a1", "member_a1"])
def test_only_the_county_admin_changes_settings(tree, who):
    with pytest.raises(PermissionDenied, match="只有县\\(区\\)委组织部管理员可以修改组织生活设置"):
        services.orglife_setting_update(actor=tree.accounts[who], county=tree.county, late_entry_days=3)
    assert not OrgLifeSetting.objects.exists() and not entries("orglifesetting").exists()


def test_settings_belong_to_a_county(tree):
    with pytest.raises(ValidationError) as caught:
        services.orglife_setting_update(actor=None, county=tree.town_a, late_entry_days=3)
    assert caught.value.message_dict == {"county": ["组织生活设置属于县(区)一级党组织"]}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"theme_days": [29]}, "theme_days", "主题党日日期应在每月1日至28日之间(每个月都有的日期)"),
        ({"theme_days": []}, "theme_days", "请至少填写一个主题党日日期"),
        ({"agenda_items": []}, "agenda_items", "请至少填写一项规定议程"),
        ({"agenda_items": ["学习党章", "学习党章 "]}, "agenda_items", "规定议程有重复项目"),
        ({"late_entry_days": 0}, "late_entry_days", "超过几天录入记为补录应为1至90天"),
        ({"late_entry_days": 91}, "late_entry_days", "超过几天录入记为补录应为1至90天"),
        ({"checkin_before_minutes": 241}, "checkin_before_minutes", "会前开放签到应为0至240分钟"),
        ({"late_after_minutes": -1}, "late_after_minutes", "开始后记为迟到应为0至120分钟"),
        ({"updated_at": 1}, "updated_at", "该项目不能在此修改"),
    ],
)
def test_bad_settings_are_refused_with_the_field(tree, values, field, message):
    with pytest.raises(ValidationError) as caught:
        services.orglife_setting_update(actor=tree.accounts["county"], county=tree.county, **values)
    assert caught.value.message_dict == {field: [message]}
    assert not OrgLifeSetting.objects.exists()


def test_bounds_themselves_are_accepted(tree):
    saved = services.orglife_setting_update(
        actor=None,
        county=tree.county,
        theme_days=[1, 28],
        late_entry_days=90,
        checkin_before_minutes=0,
        checkin_after_minutes=240,
        late_after_minutes=120,
    )
    assert saved.theme_days == [1, 28] and saved.late_after_minutes == 120


def test_seed_defaults_once(tree):
    created = services.requirements_seed_defaults(tree.county, actor=tree.accounts["county"])
    assert len(created) == 8 and MeetingRequirement.objects.count() == 8
    assert {r.effective_from for r in created} == {dt.date(2026, 1, 1)}
    assert all(r.county_path == tree.county.path for r in created)
    assert entries("meetingrequirement", AuditAction.CREATE).count() == 8
    with pytest.raises(ValidationError) as caught:
        services.requirements_seed_defaults(tree.county, actor=tree.accounts["county"])
    assert caught.value.message_dict == {"county": ["本县已设置组织生活要求,不能再次导入默认要求"]}
    with pytest.raises(PermissionDenied):
        services.requirements_seed_defaults(tree.county, actor=tree.accounts["town_a"])


def test_create_update_end_and_delete_a_requirement(tree):
    admin = tree.accounts["county"]
    lesson = requirement(tree, admin, note=" 本县规定 ")
    assert lesson.note == "本县规定" and entries("meetingrequirement", AuditAction.CREATE).count() == 1
    services.requirement_update(actor=admin, requirement=lesson, expected=2)
    lesson.refresh_from_db()
    assert lesson.expected == 2
    assert entries("meetingrequirement", AuditAction.UPDATE).get().after == {"expected": 2}
    ended = services.requirement_end(actor=admin, requirement=lesson, effective_until=dt.date(2026, 6, 30))
    assert ended.effective_until == dt.date(2026, 6, 30)
    # A replacement from the next day does not overlap.
    monthly = requirement(tree, admin, cycle=Cycle.MONTH, effective_from=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError) as caught:
        services.requirement_delete(actor=admin, requirement=lesson)
    assert caught.value.message_dict == {"effective_from": ["该要求已经生效,不能删除;如不再执行,请设置截止日期"]}
    services.requirement_delete(actor=admin, requirement=monthly)
    assert not MeetingRequirement.objects.filter(pk=monthly.pk).exists()
    assert entries("meetingrequirement", AuditAction.DELETE).get().before["cycle"] == Cycle.MONTH


def test_overlapping_requirements_of_the_same_kind_and_category_are_refused(tree):
    requirement(tree)
    with pytest.raises(ValidationError) as caught:
        requirement(tree, effective_from=dt.date(2027, 1, 1), cycle=Cycle.MONTH)
    message = caught.value.message_dict["effective_from"][0]
    assert "全部党支部 党课 每季度1次" in message and "自2026-01-01起长期有效" in message
    assert "请先为原要求设置截止日期" in message
    # Another category, or another kind, is a different requirement.
    requirement(tree, org_category=OrgCategory.RURAL, expected=2)
    requirement(tree, kind=MeetingKind.THEME_DAY, cycle=Cycle.MONTH)
    assert MeetingRequirement.objects.count() == 3
    # An update may not stretch one requirement over another either.
    earlier = requirement(
        tree, kind=MeetingKind.HEART_TALK, effective_from=dt.date(2025, 1, 1), effective_until=dt.date(2025, 12, 31)
    )
    requirement(tree, kind=MeetingKind.HEART_TALK, effective_from=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.requirement_update(actor=None, requirement=earlier, effective_until=None)
    assert "全部党支部 谈心谈话 每季度1次”自2026-01-01起长期有效" in caught.value.message_dict["effective_from"][0]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"expected": 0}, "expected", "应开展次数应为1至31次"),
        ({"expected": 32}, "expected", "应开展次数应为1至31次"),
        ({"kind": "party_day"}, "kind", "请选择活动类型"),
        ({"org_category": "village"}, "org_category", "请选择适用组织"),
        ({"cycle": "week"}, "cycle", "请选择周期"),
        ({"effective_until": dt.date(2025, 12, 31)}, "effective_until", "截止日期不能早于起始日期"),
        ({"effective_from": None}, "effective_from", "请填写起始日期"),
        ({"note": "说" * 201}, "note", "依据或说明不超过200个字"),
    ],
)
def test_bad_requirements_are_refused(tree, values, field, message):
    with pytest.raises(ValidationError) as caught:
        requirement(tree, **values)
    assert caught.value.message_dict == {field: [message]}
    assert not MeetingRequirement.objects.exists()


def test_expected_bounds_are_accepted(tree):
    assert requirement(tree, expected=31).expected == 31
    assert requirement(tree, expected=1, org_category=OrgCategory.RURAL).expected == 1


def test_ending_checks_its_date(tree):
    lesson = requirement(tree)
    with pytest.raises(ValidationError) as caught:
        services.requirement_end(actor=None, requirement=lesson, effective_until=dt.date(2025, 12, 31))
    assert caught.value.message_dict == {"effective_until": ["截止日期不能早于起始日期"]}
    services.requirement_end(actor=None, requirement=lesson, effective_until=dt.date(2026, 1, 1))  # a one-day rule
    with pytest.raises(ValidationError) as caught:
        services.requirement_end(actor=None, requirement=lesson, effective_until=dt.date(2026, 5, 1))
    assert caught.value.message_dict == {"effective_until": ["该要求已于2026-01-01截止"]}


@pytest.mark.parametrize("who", ["town_a", "secretary_a1"])
def test_only_the_county_admin_changes_requirements(tree, who):
    lesson = requirement(tree)
    actor = tree.accounts[who]
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        requirement(tree, actor, kind=MeetingKind.THEME_DAY)
    with pytest.raises(PermissionDenied):
        services.requirement_update(actor=actor, requirement=lesson, expected=3)
    with pytest.raises(PermissionDenied):
        services.requirement_end(actor=actor, requirement=lesson, effective_until=dt.date(2026, 6, 30))
    lesson.refresh_from_db()
    assert (lesson.expected, lesson.effective_until) == (1, None)
    assert AuditEntry.objects.count() == before and MeetingRequirement.objects.count() == 1
