"""Talent-pool services: records and their status, teams, secondments with their terms, "1+N" pairs with one active
mentor per mentee, the county's settings, and the figures and reminders checked against hand counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Education, Gender, OrgKind
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import SecondmentStatus, ServiceTeamKind, TalentPool, TalentStatus
from dangjian.villages.models import MentoringMentee, Secondment, ServiceTeamMember, Talent
from dangjian.villages.selectors import talent as selectors
from dangjian.villages.services import talent as services
from tests.core.factories import make_org
from tests.villages.talent_world import make_talent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


# --- talent records -----------------------------------------------------------------------------------------


def test_create_a_reserve_cadre_with_audit_and_scope_columns(tree, today):
    talent = make_talent(tree.village_a1, actor=tree.accounts["secretary_a1"], name=" 李明 ", phone="13912345678")
    assert (talent.name, talent.status, talent.org_path, talent.county_id) == (
        "李明",
        TalentStatus.ACTIVE,
        tree.village_a1.path,
        tree.county.pk,
    )
    assert entries(talent, AuditAction.CREATE).count() == 1


def test_create_names_every_bad_field(tree, today):
    with pytest.raises(ValidationError) as bad:
        services.talent_create(
            actor=None,
            org=tree.village_a1,
            pool=TalentPool.EXPERT,
            name="",
            gender="x",
            birth_date=dt.date(2010, 3, 2),
            education=Education.BACHELOR,
            political_status="member",
            phone="12345",
            entry_date=TODAY + dt.timedelta(days=1),
            business="养殖场",
        )
    assert bad.value.message_dict == {
        "name": ["请填写姓名"],
        "gender": ["请选择性别"],
        "birth_date": ["出生日期有误:入库人员应年满16周岁"],
        "entry_date": ["入库日期不能晚于今天"],
        "phone": ["联系电话格式不正确(手机号11位,或区号-座机号)"],
        "expert_field": ["专家人才请选择专业领域"],
        "business": ["填写创业项目时请勾选“已创业”"],
    }
    assert not Talent.objects.exists()


def test_sixteen_on_the_day_is_old_enough(tree, today):
    make_talent(tree.village_a1, birth_date=dt.date(2010, 3, 1), entry_date=TODAY)
    with pytest.raises(ValidationError):
        make_talent(tree.village_a1, birth_date=dt.date(2010, 3, 2), entry_date=TODAY)


def test_a_linked_member_fills_the_record_and_is_in_a_pool_once(tree, today):
    person = tree.people["a1"][0]
    talent = services.talent_create(actor=None, org=tree.village_a1, pool=TalentPool.RESERVE, person=person)
    assert (talent.name, talent.birth_date, talent.political_status) == (person.name, person.birth_date, "member")
    with pytest.raises(ValidationError) as twice:
        services.talent_create(actor=None, org=tree.village_a1, pool=TalentPool.RESERVE, person=person)
    assert twice.value.message_dict == {"person": [f"{person.name}已在“村级后备干部”库中"]}
    services.talent_create(actor=None, org=tree.village_a1, pool=TalentPool.RETURNEE, person=person)


def test_who_may_enter_talent_and_where(tree, today):
    with pytest.raises(PermissionDenied):
        make_talent(tree.village_a1, actor=tree.accounts["secretary_a2"])
    with pytest.raises(PermissionDenied):
        make_talent(tree.village_a1, actor=tree.accounts["member_a1"])
    make_talent(tree.village_a1, actor=tree.accounts["town_a"])
    make_talent(tree.town_a, actor=tree.accounts["town_a"], pool=TalentPool.EXPERT, expert_field="planting")
    with pytest.raises(PermissionDenied):
        make_talent(tree.town_a, actor=tree.accounts["secretary_a1"])
    group = make_org(tree.village_a1, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    with pytest.raises(ValidationError) as where:
        make_talent(group)
    assert where.value.message_dict == {"org": ["人才只能登记在村(社区)党组织或乡镇(街道)党委"]}


def test_update_checks_and_audits(tree, today):
    talent = make_talent(tree.village_a1)
    services.talent_update(actor=tree.accounts["secretary_a1"], talent=talent, speciality="电商销售")
    talent.refresh_from_db()
    assert talent.speciality == "电商销售" and entries(talent, AuditAction.UPDATE).count() == 1
    with pytest.raises(ValidationError) as status:
        services.talent_update(actor=None, talent=talent, status="exited")
    assert status.value.message_dict == {"status": ["该项目不能在此修改"]}
    with pytest.raises(PermissionDenied):
        services.talent_update(actor=tree.accounts["secretary_a2"], talent=talent, speciality="x")


def test_status_transitions_with_reason_and_date(tree, today):
    talent = make_talent(tree.village_a1)
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as no_reason:
        services.talent_set_status(actor=secretary, talent=talent, status=TalentStatus.USED)
    assert no_reason.value.message_dict == {"reason": ["请填写使用或退出的原因"]}
    used = services.talent_set_status(actor=secretary, talent=talent, status="used", reason="当选村委委员")
    assert (used.status, used.status_date, used.status_reason) == ("used", TODAY, "当选村委委员")
    exited = services.talent_set_status(actor=secretary, talent=talent, status="exited", reason="外出务工")
    assert exited.status == "exited"
    with pytest.raises(ValidationError) as back:
        services.talent_set_status(actor=secretary, talent=talent, status="used", reason="x")
    assert back.value.message_dict == {"status": ["不能从“退出”改为“已使用”"]}
    again = services.talent_set_status(actor=secretary, talent=talent, status="active")
    assert again.status == "active"
    with pytest.raises(ValidationError) as early:
        services.talent_set_status(actor=secretary, talent=talent, status="used", reason="x", on=dt.date(2024, 2, 29))
    assert early.value.message_dict == {"on": ["变更日期不能早于入库日期"]}
    with pytest.raises(PermissionDenied):
        services.talent_set_status(actor=tree.accounts["secretary_a2"], talent=talent, status="used", reason="x")
    assert entries(talent, AuditAction.UPDATE).count() == 3


def test_exiting_ends_team_and_mentee_rows(tree, today):
    talent = make_talent(tree.village_a1)
    team = services.team_create(actor=None, org=tree.village_a1, name="农技服务队", kind=ServiceTeamKind.AGRI_TECH)
    services.team_member_add(actor=None, team=team, talent=talent)
    services.mentoring_create(
        actor=None,
        org=tree.village_a1,
        mentor_name="老书记",
        mentor_post="村党支部书记",
        start=dt.date(2025, 1, 1),
        end=dt.date(2026, 1, 1),
        goals="熟悉村务",
        mentees=[talent],
    )
    services.talent_set_status(actor=None, talent=talent, status="exited", reason="外出务工")
    assert ServiceTeamMember.objects.get().left_on == TODAY
    assert MentoringMentee.objects.get().ended_on == TODAY


# --- teams --------------------------------------------------------------------------------------------------


def test_teams_take_talent_of_their_subtree_once_with_one_leader(tree, today):
    team = services.team_create(actor=None, org=tree.village_a1, name="农技服务队", kind=ServiceTeamKind.AGRI_TECH)
    with pytest.raises(ValidationError) as again:
        services.team_create(actor=None, org=tree.village_a1, name="农技服务队", kind="agri_tech")
    assert again.value.message_dict == {"name": ["本组织已有名为“农技服务队”的服务队"]}
    first, second = make_talent(tree.village_a1), make_talent(tree.village_a1, name="李华")
    member = services.team_member_add(actor=None, team=team, talent=first, is_leader=True)
    with pytest.raises(ValidationError) as leader:
        services.team_member_add(actor=None, team=team, talent=second, is_leader=True)
    assert leader.value.message_dict == {"is_leader": ["该服务队已有队长"]}
    with pytest.raises(ValidationError) as twice:
        services.team_member_add(actor=None, team=team, talent=first)
    assert twice.value.message_dict == {"talent": ["张伟已是该服务队队员"]}
    with pytest.raises(ValidationError) as outside:
        services.team_member_add(actor=None, team=team, talent=make_talent(tree.village_a2))
    assert outside.value.message_dict == {"talent": [f"只有{tree.village_a1.name}及下级组织的人才可以加入该服务队"]}
    with pytest.raises(PermissionDenied):
        services.team_member_add(actor=tree.accounts["secretary_a2"], team=team, talent=second)
    left = services.team_member_leave(actor=None, member=member)
    assert left.left_on == TODAY and not left.is_leader
    services.team_dissolve(actor=tree.accounts["secretary_a1"], team=team)
    with pytest.raises(ValidationError) as closed:
        services.team_member_add(actor=None, team=team, talent=second)
    assert closed.value.message_dict == {"team": ["该服务队已解散"]}


# --- secondments --------------------------------------------------------------------------------------------


def make_secondment(org, **overrides):
    values = {
        "actor": None,
        "org": org,
        "name": "周杰",
        "from_unit": "县经贸局",
        "post": "镇长助理",
        "start": dt.date(2025, 8, 31),
        "term_months": 6,
    }
    return services.secondment_create(**values | overrides)


def test_secondment_term_end_is_clamped(tree, today):
    item = make_secondment(tree.town_a, actor=tree.accounts["town_a"])
    assert (item.end, item.status, item.org_path) == (dt.date(2026, 2, 28), "active", tree.town_a.path)
    assert entries(item, AuditAction.CREATE).count() == 1
    services.secondment_update(actor=None, secondment=item, term_months=7)
    item.refresh_from_db()
    assert item.end == dt.date(2026, 3, 31)
    with pytest.raises(ValidationError) as bad:
        make_secondment(tree.town_a, term_months=0, post="", from_unit="")
    assert bad.value.message_dict == {
        "from_unit": ["请填写派出单位"],
        "post": ["请填写挂职职务"],
        "term_months": ["挂职期限应为1至60个月"],
    }
    with pytest.raises(PermissionDenied):
        make_secondment(tree.town_a, actor=tree.accounts["secretary_a1"])


def test_ending_the_day_before_the_term_end_is_early_and_needs_a_reason(tree, today):
    item = make_secondment(tree.village_a1, start=dt.date(2025, 9, 2), term_months=6)  # ends 2026-03-02
    assert item.end == dt.date(2026, 3, 2)
    with pytest.raises(ValidationError) as reason:
        services.secondment_end(actor=None, secondment=item, on=TODAY)
    assert reason.value.message_dict == {"reason": ["期满日期为2026-03-02,提前结束请填写原因"]}
    ended = services.secondment_end(actor=tree.accounts["secretary_a1"], secondment=item, on=TODAY, reason="工作需要")
    assert (ended.status, ended.ended_on, ended.end_reason) == (SecondmentStatus.ENDED_EARLY, TODAY, "工作需要")
    with pytest.raises(ValidationError):
        services.secondment_end(actor=None, secondment=item, on=TODAY, reason="x")


def test_ending_on_the_term_end_day_is_completed(tree, today):
    item = make_secondment(tree.village_a1, start=dt.date(2025, 9, 1), term_months=6)  # ends 2026-03-01 = today
    ended = services.secondment_end(actor=None, secondment=item)
    assert (ended.status, ended.end_reason) == (SecondmentStatus.COMPLETED, "")
    with pytest.raises(PermissionDenied):
        services.secondment_end(actor=tree.accounts["secretary_a2"], secondment=make_secondment(tree.village_a1))


def test_a_member_is_seconded_to_one_place_at_a_time(tree, today):
    person = tree.people["a1"][0]
    make_secondment(tree.town_a, person=person, name="")
    assert Secondment.objects.get().name == person.name
    with pytest.raises(ValidationError) as busy:
        make_secondment(tree.village_a2, person=person)
    assert busy.value.message_dict == {"person": [f"{person.name}正在{tree.town_a}挂职,不能同时登记两处"]}


# --- mentoring ----------------------------------------------------------------------------------------------


def make_pair(org, mentees, **overrides):
    values = {
        "actor": None,
        "org": org,
        "mentor_name": "老书记",
        "mentor_post": "村党支部书记",
        "start": dt.date(2025, 6, 1),
        "end": dt.date(2026, 6, 1),
        "goals": "熟悉村务",
        "mentees": mentees,
    }
    return services.mentoring_create(**values | overrides)


def test_a_mentee_has_one_active_mentor(tree, today):
    reserve = make_talent(tree.village_a1)
    graduate = make_talent(tree.village_a1, TalentPool.GRADUATE, name="李华")
    pair = make_pair(tree.village_a1, [reserve, graduate], actor=tree.accounts["secretary_a1"])
    assert pair.mentees.count() == 2 and entries(pair, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as second:
        make_pair(tree.town_a, [reserve], mentor_name="组织委员")
    assert second.value.message_dict == {"mentees": ["张伟已有帮带导师(老书记),一人只能有一名在帮导师"]}
    services.mentoring_end(actor=None, pair=pair)
    other = make_pair(tree.town_a, [reserve], mentor_name="组织委员")
    assert other.mentees.get().talent == reserve


def test_mentees_are_reserve_cadres_or_graduates_in_the_pool_of_the_subtree(tree, today):
    returnee = make_talent(tree.village_a1, TalentPool.RETURNEE)
    elsewhere = make_talent(tree.village_a2, name="王强")
    with pytest.raises(ValidationError) as wrong:
        make_pair(tree.village_a1, [returnee, elsewhere])
    assert wrong.value.message_dict == {
        "mentees": ["张伟不是后备干部或一村一名大学生", f"王强不属于{tree.village_a1.name}及下级组织"]
    }
    with pytest.raises(ValidationError) as empty:
        make_pair(tree.village_a1, [], end=dt.date(2025, 6, 1), goals=" ")
    assert empty.value.message_dict == {
        "goals": ["请填写帮带目标"],
        "end": ["计划结束日期应晚于开始日期"],
        "mentees": ["请至少选择一名帮带对象"],
    }
    with pytest.raises(PermissionDenied):
        make_pair(tree.village_a1, [elsewhere], actor=tree.accounts["secretary_a2"])


def test_mentee_added_later_and_notes_within_the_pair_time(tree, today):
    pair = make_pair(tree.village_a1, [make_talent(tree.village_a1)])
    late = make_talent(tree.village_a1, TalentPool.GRADUATE, name="李华")
    mentee = services.mentoring_add_mentee(actor=tree.accounts["secretary_a1"], pair=pair, talent=late)
    assert mentee.joined_on == TODAY
    note = services.mentoring_note_add(actor=None, pair=pair, noted_on=dt.date(2025, 6, 1), content="谈心谈话")
    assert entries(note, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as before:
        services.mentoring_note_add(actor=None, pair=pair, noted_on=dt.date(2025, 5, 31), content="x")
    assert before.value.message_dict == {"noted_on": ["日期不能早于帮带开始日期"]}


# --- settings -----------------------------------------------------------------------------------------------


def test_only_the_county_sets_the_minimum(tree, today):
    assert services.setting_for(tree.county.pk).min_reserve_per_village == 2
    with pytest.raises(PermissionDenied):
        services.talent_setting_update(actor=tree.accounts["town_a"], county=tree.county, min_reserve_per_village=3)
    setting = services.talent_setting_update(
        actor=tree.accounts["county"], county=tree.county, min_reserve_per_village=3
    )
    assert setting.min_reserve_per_village == 3 and entries(setting, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as bad:
        services.talent_setting_update(actor=None, county=tree.county, min_reserve_per_village=21, reserve_max_age=17)
    assert bad.value.message_dict == {
        "min_reserve_per_village": ["每村至少后备干部应为0至20名"],
        "reserve_max_age": ["后备干部年龄上限应为18至70岁"],
    }


# --- figures and reminders ----------------------------------------------------------------------------------


@pytest.fixture
def counted(tree, today):
    """a1: three reserve cadres (one 36 today, one 高中), a2: one, V009: none; the community b1 is no village."""
    v9 = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    make_talent(tree.village_a1, name="甲", birth_date=dt.date(1990, 3, 2))  # 35: turns 36 tomorrow
    make_talent(tree.village_a1, name="乙", birth_date=dt.date(1990, 3, 1))  # 36 today
    make_talent(tree.village_a1, name="丙", education=Education.HIGH_SCHOOL, gender=Gender.FEMALE)
    make_talent(tree.village_a2, name="丁", education=Education.BACHELOR)
    make_talent(tree.community_b1, name="戊")
    gone = make_talent(tree.village_a2, name="己")
    services.talent_set_status(actor=None, talent=gone, status="exited", reason="外出务工", on=dt.date(2026, 2, 1))
    make_talent(tree.village_a1, TalentPool.RETURNEE, name="庚", started_business=True, business="食用菌种植")
    make_talent(tree.village_a2, TalentPool.RETURNEE, name="辛")
    make_talent(tree.village_a1, TalentPool.GRADUATE, name="壬")
    make_talent(tree.village_a2, name="癸", entry_date=TODAY)  # entered today
    return v9


def test_figures_by_hand_for_the_county(tree, counted):
    figures = selectors.talent_figures(tree.accounts["county"])
    # reserve in the pool: a1 3, a2 2 (丁, 癸), b1 1 (a community: counted in the pool, not per village)
    assert dict((value, count) for value, _, count in figures.pools) == {
        "reserve": 6,
        "returnee": 2,
        "graduate": 1,
        "expert": 0,
        "local": 0,
    }
    assert figures.total == 9 and figures.reserve == 6
    assert figures.villages == 3  # a1, a2, V009
    assert (figures.reserve_min, figures.reserve_avg) == (0, Decimal("1.7"))  # (3 + 2 + 0) / 3
    assert figures.young_text == "5/6 (83.3%)"  # all but 乙
    assert figures.college_text == "5/6 (83.3%)"  # all but 丙
    assert figures.business_text == "1/2 (50.0%)"
    assert figures.without_text == "1/3 (33.3%)"
    assert [row.org.code for row in figures.below] == ["V009"]
    assert figures.below_text == "1/3 (33.3%)"


def test_figures_on_an_earlier_day_and_for_a_township(tree, counted):
    earlier = selectors.talent_figures(tree.accounts["county"], on=dt.date(2026, 1, 31))
    # 己 was still in the pool; 癸 not yet entered; 乙 was 35
    assert earlier.reserve == 6 and earlier.young_text == "6/6 (100.0%)"
    assert [row.org.code for row in earlier.below] == ["V009"]
    town = selectors.talent_figures(tree.accounts["county"], tree.town_a)
    assert town.reserve == 5 and town.villages == 3
    a2 = selectors.talent_figures(tree.accounts["secretary_a2"])
    assert a2.reserve == 2 and a2.villages == 1 and a2.below == []


def test_the_minimum_at_its_edge(tree, counted):
    services.talent_setting_update(actor=None, county=tree.county, min_reserve_per_village=3)
    figures = selectors.talent_figures(tree.accounts["county"])
    assert [row.org.code for row in figures.below] == ["V002", "V009"]  # a1 has exactly 3: enough
    reminders = {r.label: r.count for r in selectors.reminders(tree.accounts["county"], TODAY)}
    assert reminders["后备干部少于3名的村"] == 2
    services.talent_setting_update(actor=None, county=tree.county, min_reserve_per_village=4)
    reminders = {r.label: r.count for r in selectors.reminders(tree.accounts["county"], TODAY)}
    assert reminders["后备干部少于4名的村"] == 3


def test_reminder_of_secondments_ending_within_30_days(tree, today):
    make_secondment(tree.village_a1, start=dt.date(2025, 3, 31), term_months=12)  # ends 2026-03-31: the 30th day
    make_secondment(tree.village_a1, start=dt.date(2025, 4, 1), term_months=12)  # ends 2026-04-01: the 31st day
    make_secondment(tree.village_a2, start=dt.date(2025, 2, 1), term_months=12)  # ended 2026-02-01, not yet closed
    count = {r.label: r.count for r in selectors.reminders(tree.accounts["county"], TODAY)}
    assert count["30天内期满(含已到期未办结)的挂职"] == 2
    count = {r.label: r.count for r in selectors.reminders(tree.accounts["secretary_a2"], TODAY)}
    assert count["30天内期满(含已到期未办结)的挂职"] == 1
    figures = selectors.talent_figures(tree.accounts["county"])
    assert (figures.secondments_active, figures.secondments_ending) == (3, 1)
