"""Services of 值班坐班: roster entries (fixed-line phone, the cadre of the org or above), the rota generator, sign-in
and sign-out (own account on the day, 代签 by a manager, once, not out before in), lateness, permissions, audit
entries, and the uncovered and missed days against hand counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dangjian.core.models import AuditEntry
from dangjian.service.models import DutyEntry, DutySign
from dangjian.service.selectors import duty as selectors
from dangjian.service.services import duty as services
from tests.core.factories import make_person
from tests.service.centres_world import make_centre

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 11)  # a Wednesday


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def centre(tree):
    return make_centre(tree.village_a1, "李庄村党群服务中心")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_entry_is_audited_and_takes_the_person_name(tree, centre):
    person = tree.people["a1"][0]
    entry = services.entry_create(actor=tree.accounts["secretary_a1"], centre=centre, date=TODAY, person=person)
    assert entry.name == person.name and entry.org_path == centre.org_path
    assert AuditEntry.objects.filter(
        action="create", object_id=str(entry.pk), object_type__icontains="dutyentry"
    ).exists()


def test_entry_refuses_a_mobile_and_a_cadre_of_another_village(tree, centre):
    with pytest.raises(ValidationError) as caught:
        services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华", phone="13912345678")
    assert caught.value.message_dict["phone"] == ["值班电话应为固定电话,手机号码不会在公开页面展示"]
    with pytest.raises(ValidationError) as caught:
        services.entry_create(actor=None, centre=centre, date=TODAY, person=tree.people["a2"][0])
    assert caught.value.message_dict["person"] == ["值班干部应为本组织或上级党组织的党员"]
    leader = make_person(tree.town_a)
    assert services.entry_create(actor=None, centre=centre, date=TODAY, kind="lead", person=leader).person == leader


def test_a_secretary_of_another_village_cannot_arrange_duty(tree, centre):
    with pytest.raises(PermissionDenied):
        services.entry_create(actor=tree.accounts["secretary_a2"], centre=centre, date=TODAY, name="王振东")
    with pytest.raises(PermissionDenied):
        services.rota_fill(
            actor=tree.accounts["secretary_a2"],
            centre=centre,
            first=TODAY,
            last=TODAY,
            weekdays={2},
            cadres=[{"name": "王振东"}],
        )


def test_same_cadre_twice_in_a_slot_is_refused(centre):
    services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华")
    with pytest.raises(ValidationError) as caught:
        services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华")
    assert "已有值班安排" in caught.value.message_dict["name"][0]


def test_rota_fills_a_month_in_turn_and_skips_arranged_days(tree, centre):
    first, last = dt.date(2025, 6, 1), dt.date(2025, 6, 30)
    services.entry_create(actor=None, centre=centre, date=dt.date(2025, 6, 2), name="已排干部")
    added = services.rota_fill(
        actor=tree.accounts["secretary_a1"],
        centre=centre,
        first=first,
        last=last,
        weekdays={0, 1, 2, 3, 4},
        cadres=[{"name": "李建华", "post": "书记"}, {"name": "张秀兰", "post": "主任"}],
        kind="sit",
    )
    assert added == 20  # 21 workdays in June 2025, 2 June already arranged
    assert DutyEntry.objects.filter(centre=centre, name="李建华").count() == 10
    again = services.rota_fill(
        actor=None, centre=centre, first=first, last=last, weekdays={0, 1, 2, 3, 4}, cadres=[{"name": "李建华"}]
    )
    assert again == 0
    with pytest.raises(ValidationError):
        services.rota_fill(actor=None, centre=centre, first=last, last=first, weekdays={0}, cadres=[{"name": "甲"}])


def test_own_sign_in_on_the_day_and_not_twice(tree, centre):
    member = tree.accounts["member_a1"]
    entry = services.entry_create(actor=None, centre=centre, date=TODAY, slot="morning", person=member.person)
    sign = services.sign_in(actor=member, entry=entry, at=at(TODAY, 8, 45))
    assert not sign.by_proxy and not sign.late
    with pytest.raises(ValidationError) as caught:
        services.sign_in(actor=member, entry=entry, at=at(TODAY, 9, 0))
    assert caught.value.message_dict["entry"] == ["该值班安排已签到,不能重复签到"]
    assert DutySign.objects.count() == 1


def test_late_one_minute_after_the_grace(tree, centre):
    entry = services.entry_create(actor=None, centre=centre, date=TODAY, slot="morning", name="李建华")
    sign = services.sign_in(actor=tree.accounts["secretary_a1"], entry=entry, at=at(TODAY, 8, 46))
    assert sign.late and sign.by_proxy


def test_county_grace_setting_applies(tree, centre):
    services.setting_save(actor=tree.accounts["county"], county=tree.county, weekends_required=False, grace_minutes=0)
    entry = services.entry_create(actor=None, centre=centre, date=TODAY, slot="morning", name="李建华")
    assert services.sign_in(actor=None, entry=entry, at=at(TODAY, 8, 31)).late
    with pytest.raises(PermissionDenied):
        services.setting_save(actor=tree.accounts["town_a"], county=tree.county, weekends_required=True)


def test_own_sign_in_only_on_the_day(tree, centre):
    member = tree.accounts["member_a1"]
    entry = services.entry_create(actor=None, centre=centre, date=TODAY - dt.timedelta(days=1), person=member.person)
    with pytest.raises(ValidationError) as caught:
        services.sign_in(actor=member, entry=entry, at=at(TODAY, 9))
    assert caught.value.message_dict["entry"] == ["只能在值班当天签到"]
    proxy = services.sign_in(actor=tree.accounts["secretary_a1"], entry=entry, at=at(TODAY, 9))
    assert proxy.by_proxy and proxy.recorded_by == tree.accounts["secretary_a1"]


def test_future_duty_cannot_be_signed(tree, centre):
    entry = services.entry_create(actor=None, centre=centre, date=TODAY + dt.timedelta(days=1), name="李建华")
    with pytest.raises(ValidationError) as caught:
        services.sign_in(actor=tree.accounts["secretary_a1"], entry=entry, at=at(TODAY, 9))
    assert caught.value.message_dict["entry"] == ["值班日期未到,不能签到"]


def test_another_village_cannot_sign_for_us(tree, centre):
    entry = services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华")
    with pytest.raises(PermissionDenied):
        services.sign_in(actor=tree.accounts["secretary_a2"], entry=entry, at=at(TODAY, 9))


def test_sign_out_not_before_sign_in_and_once(tree, centre):
    entry = services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华")
    sign = services.sign_in(actor=None, entry=entry, at=at(TODAY, 9))
    with pytest.raises(ValidationError) as caught:
        services.sign_out(actor=None, sign=sign, at=at(TODAY, 8, 59))
    assert caught.value.message_dict["signed_out_at"] == ["签退时间不能早于签到时间"]
    done = services.sign_out(actor=tree.accounts["secretary_a1"], sign=sign, at=at(TODAY, 17, 30))
    assert done.signed_out_at == at(TODAY, 17, 30)
    with pytest.raises(ValidationError):
        services.sign_out(actor=None, sign=sign, at=at(TODAY, 18))
    assert AuditEntry.objects.filter(action="update", object_id=str(sign.pk)).exists()


def test_signed_entry_cannot_be_deleted(centre):
    entry = services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华")
    services.sign_in(actor=None, entry=entry, at=at(TODAY, 9))
    with pytest.raises(ValidationError):
        services.entry_delete(actor=None, entry=entry)


def test_month_view_uncovered_and_missed_days(tree, centre):
    """June 2025: entries on 2, 3, 4 (signed only on 3) and 16; today is the 11th."""
    for day in (2, 3, 4, 16):
        entry = services.entry_create(actor=None, centre=centre, date=dt.date(2025, 6, day), name="李建华")
        if day == 3:
            services.sign_in(actor=None, entry=entry, at=at(dt.date(2025, 6, 3), 8))
    view = selectors.month_view(centre, TODAY, TODAY)
    assert len(view.uncovered) == 21 - 4  # workdays of June less the four arranged
    assert dt.date(2025, 6, 2) not in view.uncovered and dt.date(2025, 6, 30) in view.uncovered
    assert dt.date(2025, 6, 7) not in view.uncovered  # a Saturday
    assert view.missed == [dt.date(2025, 6, 2), dt.date(2025, 6, 4)]
    assert (view.due, view.signed, view.absent) == (3, 1, 2)
    assert view.signed_text == "1/3 (33.3%)"
    services.setting_save(actor=None, county=tree.county, weekends_required=True)
    assert len(selectors.month_view(centre, TODAY, TODAY).uncovered) == 30 - 4


def test_uncovered_list_and_figures_by_scope(tree, centre):
    other = make_centre(tree.village_a2, "王庄村党群服务中心")
    for day in range(9, 14):  # Mon–Fri of this week for a1
        entry = services.entry_create(
            actor=None, centre=centre, date=dt.date(2025, 6, day), slot="morning", name="李建华"
        )
        if day == 9:
            services.sign_in(actor=None, entry=entry, at=at(dt.date(2025, 6, 9), 9))  # late
        if day == 10:
            services.sign_in(actor=tree.accounts["secretary_a1"], entry=entry, at=at(dt.date(2025, 6, 10), 8))
    first, last = dt.date(2025, 6, 9), dt.date(2025, 6, 15)
    _, rows = selectors.uncovered_list(tree.accounts["town_a"], {}, first, last, TODAY)
    by_centre = {row.centre.pk: row for row in rows}
    assert centre.pk not in by_centre  # every workday arranged, nobody absent before today
    assert len(by_centre[other.pk].uncovered) == 5
    _, own = selectors.uncovered_list(tree.accounts["secretary_a2"], {}, first, last, TODAY)
    assert [row.centre.pk for row in own] == [other.pk]
    figures = selectors.sign_figures(tree.accounts["county"], tree.county, first, last, TODAY)
    assert (figures.due, figures.signed, figures.late, figures.proxy, figures.absent) == (3, 2, 1, 1, 0)
    assert figures.signed_text == "2/3 (66.7%)"


def test_reminder_counts_centres_with_an_uncovered_day_ahead(tree, centre):
    town = make_centre(tree.town_a, "东城镇党群服务中心")
    for n in range(7):
        services.entry_create(actor=None, centre=town, date=TODAY + dt.timedelta(days=n), name="赵志刚")
    (reminder,) = selectors.reminders(tree.accounts["county"], TODAY)
    assert reminder.count == 0  # the village runs no roster yet; the township is covered
    services.entry_create(actor=None, centre=centre, date=TODAY, name="李建华")
    (reminder,) = selectors.reminders(tree.accounts["county"], TODAY)
    assert reminder.count == 1
