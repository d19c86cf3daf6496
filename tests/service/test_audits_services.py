"""村官直审 services: the round and its villages (once per round, in bulk), findings and the conclusion, the
rectification and its verification (order and permissions: a village never verifies its own), the notice (only after
the conclusion, never naming the responsible or the referral) — with the Chinese messages and the audit entries — and
the figures against hand-counted numbers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Role
from dangjian.core.models import AuditEntry
from dangjian.service.choices import AuditCategory, AuditConclusion, AuditFindingStatus, AuditRoundStatus
from dangjian.service.models import VillageAudit, VillageAuditFinding
from dangjian.service.selectors import audits as selectors
from dangjian.service.services import audits as services
from tests.core.factories import make_account, make_org
from tests.service.audits_world import open_round

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 15)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def message(exc_info) -> str:
    return ";".join(exc_info.value.messages)


def under_way(tree, actor=None):
    round_ = open_round(tree)
    services.audits_add_all(actor=actor, round=round_)
    services.round_advance(actor=actor, round=round_)
    return round_


def worked(round_, org, *, actor=None):
    found = VillageAudit.objects.get(round=round_, org=org)
    return services.audit_update(
        actor=actor, audit_obj=found, auditors="钱审计", fieldwork_start=TODAY - dt.timedelta(days=5)
    )


def finding(audit_obj, *, actor=None, category=AuditCategory.FINANCE, amount="1000", deadline=None):
    return services.finding_add(
        actor=actor,
        audit_obj=audit_obj,
        category=category,
        description="白条入账",
        amount=amount,
        responsible="赵德贵(村会计)",
        deadline=deadline or TODAY + dt.timedelta(days=30),
    )


def concluded(audit_obj, conclusion=AuditConclusion.RECTIFY, *, actor=None, **extra):
    return services.audit_conclude(
        actor=actor, audit_obj=audit_obj, conclusion=conclusion, conclusion_text="限期整改", **extra
    )


# --- rounds and villages ------------------------------------------------------------------------------------


def test_only_the_county_opens_a_round(tree):
    with pytest.raises(PermissionDenied, match="只有县委组织部可以启动村官直审轮次"):
        services.round_create(
            actor=tree.accounts["town_a"],
            county=tree.county,
            year=2026,
            name="x",
            body="county_audit",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            planned_start=TODAY,
            planned_end=TODAY,
        )
    round_ = open_round(tree)
    assert round_.status == AuditRoundStatus.PLANNED and round_.notice_days == 10
    assert entries(round_, AuditAction.CREATE).count() == 1


def test_round_values_are_checked(tree):
    with pytest.raises(ValidationError) as exc:
        services.round_create(
            actor=tree.accounts["county"],
            county=tree.county,
            year=2026,
            name="",
            body="county_audit",
            period_start=dt.date(2025, 12, 31),
            period_end=dt.date(2025, 1, 1),
            planned_start=TODAY,
            planned_end=TODAY,
            notice_days=31,
        )
    errors = exc.value.message_dict
    assert errors["name"] == ["请填写轮次名称"]
    assert errors["period_end"] == ["审计期间的结束日期不能早于开始日期"]
    assert errors["notice_days"] == ["公示天数应在5至30天之间"]


def test_a_village_once_per_round(tree):
    round_ = open_round(tree)
    county = tree.accounts["county"]
    services.audit_add(actor=county, round=round_, org=tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.audit_add(actor=county, round=round_, org=tree.village_a1)
    assert message(exc) == "东城镇李庄村党支部已在本轮审计中"
    # Adding all skips the one already in; again adds nothing.
    assert services.audits_add_all(actor=county, round=round_) == 2
    assert services.audits_add_all(actor=county, round=round_) == 0
    assert VillageAudit.objects.filter(round=round_).count() == 3


def test_add_a_townships_villages_and_only_places(tree):
    round_ = open_round(tree)
    county = tree.accounts["county"]
    assert services.audits_add_all(actor=county, round=round_, under=tree.town_a) == 2
    assert set(VillageAudit.objects.values_list("org__code", flat=True)) == {"V001", "V002"}
    with pytest.raises(ValidationError, match="不是本县的村"):
        services.audit_add(actor=county, round=round_, org=tree.town_b)
    with pytest.raises(PermissionDenied):
        services.audits_add_all(actor=tree.accounts["town_a"], round=round_)


def test_round_advances_in_order(tree):
    round_ = open_round(tree)
    county = tree.accounts["county"]
    with pytest.raises(ValidationError, match="请先添加被审计的村"):
        services.round_advance(actor=county, round=round_)
    services.audit_add(actor=county, round=round_, org=tree.village_a1)
    round_ = services.round_advance(actor=county, round=round_)
    assert round_.status == AuditRoundStatus.ONGOING
    with pytest.raises(ValidationError) as exc:
        services.round_advance(actor=county, round=round_)
    assert message(exc) == "尚有1个村(社区)未出审计结论,不能完成本轮审计"
    audit_obj = worked(round_, tree.village_a1)
    concluded(audit_obj, AuditConclusion.CLEAN)
    assert services.round_advance(actor=county, round=round_).status == AuditRoundStatus.DONE
    with pytest.raises(ValidationError, match="已完成"):
        services.round_advance(actor=county, round=round_)


def test_findings_only_while_under_way(tree):
    round_ = open_round(tree)
    services.audits_add_all(actor=None, round=round_)
    audit_obj = VillageAudit.objects.get(round=round_, org=tree.village_a1)
    with pytest.raises(ValidationError, match="审计轮次实施中才能记录审计问题"):
        finding(audit_obj)


# --- conclusion ---------------------------------------------------------------------------------------------


def test_conclusion_must_fit_the_findings(tree):
    round_ = under_way(tree)
    town = tree.accounts["town_a"]
    audit_obj = worked(round_, tree.village_a1, actor=town)
    with pytest.raises(ValidationError) as exc:
        concluded(audit_obj, actor=town)
    assert "请先记录审计发现的问题" in message(exc)
    finding(audit_obj, actor=town)
    with pytest.raises(ValidationError) as exc:
        concluded(audit_obj, AuditConclusion.CLEAN, actor=town)
    assert "结论不能为“无问题”" in message(exc)
    with pytest.raises(ValidationError) as exc:
        concluded(audit_obj, AuditConclusion.REFERRED, actor=town)
    assert exc.value.message_dict["referred_on"] == ["请填写移交纪检日期"]
    done = concluded(audit_obj, AuditConclusion.REFERRED, actor=town, referred_on=TODAY, referral_note="移交县纪委")
    assert done.referred_on == TODAY and done.concluded_on == TODAY
    assert entries(done, AuditAction.UPDATE).filter(after__conclusion="referred").exists()
    with pytest.raises(ValidationError, match="审计结论已录入,不能再增加问题"):
        finding(done, actor=town)


def test_clean_conclusion_says_so(tree):
    round_ = under_way(tree)
    audit_obj = worked(round_, tree.village_a2)
    done = services.audit_conclude(actor=tree.accounts["town_a"], audit_obj=audit_obj, conclusion="clean")
    assert done.conclusion_text == "经审计,未发现问题。"


def test_conclusion_needs_the_fieldwork(tree):
    round_ = under_way(tree)
    audit_obj = VillageAudit.objects.get(round=round_, org=tree.village_a2)
    with pytest.raises(ValidationError, match="请先填写审计人员和进点日期"):
        services.audit_conclude(actor=None, audit_obj=audit_obj, conclusion="clean")


def test_a_village_does_not_audit_itself(tree):
    round_ = under_way(tree)
    audit_obj = VillageAudit.objects.get(round=round_, org=tree.village_a1)
    with pytest.raises(PermissionDenied, match="只有乡镇或县委组织部可以记录审计情况"):
        services.audit_update(actor=tree.accounts["secretary_a1"], audit_obj=audit_obj, auditors="自己")
    with pytest.raises(PermissionDenied):
        finding(audit_obj, actor=tree.accounts["secretary_a1"])


# --- rectification ------------------------------------------------------------------------------------------


def test_rectify_then_verify_in_order(tree):
    round_ = under_way(tree)
    town, secretary = tree.accounts["town_a"], tree.accounts["secretary_a1"]
    audit_obj = worked(round_, tree.village_a1)
    item = finding(audit_obj)
    with pytest.raises(ValidationError, match="审计结论录入后才能报送整改结果"):
        services.finding_rectify(actor=secretary, finding=item, result="已整改")
    concluded(audit_obj)
    with pytest.raises(ValidationError, match="村里尚未报送整改结果,不能核实"):
        services.finding_verify(actor=town, finding=item, passed=True)
    with pytest.raises(ValidationError) as exc:
        services.finding_rectify(actor=secretary, finding=item, result=" ")
    assert exc.value.message_dict["result"] == ["请填写整改结果"]
    item = services.finding_rectify(actor=secretary, finding=item, result="已补齐票据", evidence="票据复印件")
    assert item.status == AuditFindingStatus.REPORTED and item.rectified_on == TODAY
    with pytest.raises(ValidationError, match="整改结果已报送,待乡镇或县委组织部核实"):
        services.finding_rectify(actor=secretary, finding=item, result="再报")
    # The village never verifies its own rectification.
    with pytest.raises(PermissionDenied, match="只有乡镇或县委组织部可以核实整改情况"):
        services.finding_verify(actor=secretary, finding=item, passed=True)
    with pytest.raises(ValidationError) as exc:
        services.finding_verify(actor=town, finding=item, passed=False)
    assert exc.value.message_dict["note"] == ["核实未到位时请填写原因"]
    item = services.finding_verify(actor=town, finding=item, passed=False, note="票据仍缺两张")
    assert item.status == AuditFindingStatus.RECTIFYING and item.verify_note == "票据仍缺两张"
    item = services.finding_rectify(actor=secretary, finding=item, result="已全部补齐")
    item = services.finding_verify(actor=town, finding=item, passed=True)
    assert item.status == AuditFindingStatus.RECTIFIED and item.verified_on == TODAY
    with pytest.raises(ValidationError, match="该问题已核实整改到位"):
        services.finding_verify(actor=town, finding=item, passed=True)
    assert entries(item, AuditAction.UPDATE).count() == 4


def test_another_township_cannot_touch_it(tree):
    round_ = under_way(tree)
    audit_obj = worked(round_, tree.village_a1)
    item = finding(audit_obj)
    concluded(audit_obj)
    other = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    with pytest.raises(PermissionDenied):
        services.finding_rectify(actor=tree.accounts["secretary_a2"], finding=item, result="x")
    item = services.finding_rectify(actor=None, finding=item, result="x")
    with pytest.raises(PermissionDenied):
        services.finding_verify(actor=other, finding=item, passed=True)
    assert not selectors.finding_list(other, {})[1].exists()


def test_after_the_conclusion_only_the_deadline_moves(tree):
    round_ = under_way(tree)
    audit_obj = worked(round_, tree.village_a1)
    item = finding(audit_obj)
    concluded(audit_obj)
    with pytest.raises(ValidationError, match="只能调整整改期限"):
        services.finding_update(actor=None, finding=item, description="改")
    with pytest.raises(ValidationError, match="审计结论已录入,不能删除问题"):
        services.finding_delete(actor=None, finding=item)
    moved = services.finding_update(actor=None, finding=item, deadline=TODAY + dt.timedelta(days=60))
    assert moved.deadline == TODAY + dt.timedelta(days=60)


def test_amount_is_checked(tree):
    round_ = under_way(tree)
    audit_obj = worked(round_, tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        finding(audit_obj, amount="-1")
    assert exc.value.message_dict["amount"] == ["涉及金额不能为负数"]
    assert finding(audit_obj, amount="").amount is None


# --- notices ------------------------------------------------------------------------------------------------


def test_notice_only_after_the_conclusion(tree):
    round_ = under_way(tree)
    town = tree.accounts["town_a"]
    audit_obj = worked(round_, tree.village_a2)
    with pytest.raises(ValidationError) as exc:
        services.notice_publish(actor=town, audit_obj=audit_obj)
    assert exc.value.message_dict["text"] == ["审计结论录入后才能公示"]
    concluded(audit_obj, AuditConclusion.CLEAN)
    notice = services.notice_publish(actor=town, audit_obj=audit_obj)
    assert notice.text == "经审计,未发现问题。"
    assert (notice.published_on, notice.days, notice.last_day) == (TODAY, 10, TODAY + dt.timedelta(days=9))
    assert entries(notice, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError, match="该村本轮审计结论已公示"):
        services.notice_publish(actor=town, audit_obj=audit_obj)
    with pytest.raises(PermissionDenied, match="只有乡镇或县委组织部可以撤回审计公示"):
        services.notice_withdraw(actor=tree.accounts["secretary_a2"], notice=notice)


def test_notice_never_names_the_responsible_or_the_referral(tree):
    round_ = under_way(tree)
    audit_obj = worked(round_, tree.village_a1)
    finding(audit_obj)
    concluded(audit_obj, AuditConclusion.REFERRED, referred_on=TODAY, referral_note="移交县纪委")
    with pytest.raises(ValidationError, match="公示内容不能出现责任人姓名"):
        services.notice_publish(actor=None, audit_obj=audit_obj, text="村会计赵德贵白条入账")
    with pytest.raises(ValidationError, match="公示内容不能涉及移交纪检情况"):
        services.notice_publish(actor=None, audit_obj=audit_obj, text="已移交纪检监察机关")
    with pytest.raises(ValidationError) as exc:
        services.notice_publish(actor=None, audit_obj=audit_obj, days=4)
    assert exc.value.message_dict["days"] == ["公示天数应在5至30天之间"]
    notice = services.notice_publish(actor=None, audit_obj=audit_obj, days=5)
    assert "纪" not in notice.text and notice.last_day == TODAY + dt.timedelta(days=4)


# --- figures ------------------------------------------------------------------------------------------------


def test_figures_against_hand_counts(tree):
    """Round: a1 two findings (finance 1000, three assets 500; one verified), a2 clean, b1 one finding (four-two, no
    amount, deadline passed, referred). A second round in another year is left out."""
    extra = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    round_ = under_way(tree)
    a1 = worked(round_, tree.village_a1)
    f1 = finding(a1, amount="1000")
    finding(a1, category=AuditCategory.THREE_ASSETS, amount="500")
    concluded(a1)
    services.finding_rectify(actor=None, finding=f1, result="已整改")
    services.finding_verify(actor=None, finding=f1, passed=True)
    concluded(worked(round_, tree.village_a2), AuditConclusion.CLEAN)
    b1 = worked(round_, tree.community_b1)
    VillageAuditFinding.objects.filter(pk=finding(b1, category=AuditCategory.FOUR_TWO, amount=None).pk).update(
        deadline=TODAY - dt.timedelta(days=1)
    )
    concluded(b1, AuditConclusion.REFERRED, referred_on=TODAY)
    assert VillageAudit.objects.filter(round=round_, org=extra).exists()  # V009 planned, not concluded
    other = open_round(tree, year=2025, name="2025年度村官直审")
    services.audits_add_all(actor=None, round=other)

    county = tree.accounts["county"]
    figures = selectors.figures(county, TODAY, round_id=round_.pk)
    total = figures.total
    assert (total.planned, total.audited, total.clean, total.problems, total.referred) == (4, 3, 1, 2, 1)
    assert (total.findings, total.rectified, total.overdue, total.amount) == (3, 1, 1, Decimal("1500"))
    assert total.rectified_text == "整改到位 1/3 (33.3%)"
    categories = {c.value: (c.findings, c.rectified, c.amount) for c in figures.categories}
    assert categories == {
        "finance": (1, 1, Decimal("1000")),
        "four_two": (1, 0, Decimal("0")),
        "three_assets": (1, 0, Decimal("500")),
        "other": (0, 0, Decimal("0")),
    }
    towns = {t.name: (t.planned, t.findings, t.rectified, t.overdue) for t in figures.towns}
    assert towns == {"东城镇党委": (3, 2, 1, 0), "西关街道党工委": (1, 1, 0, 1)}
    assert figures.sentence == (
        "对全县4个村(社区)的财务管理、“四议两公开一监督”、“三资管理”执行情况进行审计,发现问题3个,已整改1个"
    )
    by_year = selectors.figures(county, TODAY, year=2025)
    assert (by_year.total.planned, by_year.total.findings) == (4, 0)
    township = selectors.figures(tree.accounts["town_a"], TODAY, round_id=round_.pk)
    assert (township.total.planned, township.total.findings, township.scope_name) == (3, 2, "全镇")
    assert township.sentence.startswith("对全镇3个行政村")
    village = selectors.figures(county, TODAY, round_id=round_.pk, org=tree.village_a1)
    assert (village.total.planned, village.total.findings, village.total.amount) == (1, 2, Decimal("1500"))


def test_queue_puts_overdue_first(tree):
    round_ = under_way(tree)
    a1 = worked(round_, tree.village_a1)
    late = finding(a1, deadline=TODAY + dt.timedelta(days=1))
    soon = finding(a1, deadline=TODAY + dt.timedelta(days=2))
    reported = finding(a1, deadline=TODAY + dt.timedelta(days=3))
    concluded(a1)
    VillageAuditFinding.objects.filter(pk=late.pk).update(deadline=TODAY - dt.timedelta(days=1))
    services.finding_rectify(actor=None, finding=reported, result="已整改")
    _, rows = selectors.queue(tree.accounts["town_a"], {}, TODAY)
    assert [f.pk for f in rows] == [late.pk, reported.pk, soon.pk]
    _, overdue = selectors.finding_list(tree.accounts["town_a"], {"overdue": "true"})
    assert [f.pk for f in overdue] == [late.pk]


def test_reminders_count_overdue_and_waiting(tree):
    round_ = under_way(tree)
    a1 = worked(round_, tree.village_a1)
    late = finding(a1, deadline=TODAY + dt.timedelta(days=1))
    waiting = finding(a1)
    concluded(a1)
    VillageAuditFinding.objects.filter(pk=late.pk).update(deadline=TODAY - dt.timedelta(days=1))
    services.finding_rectify(actor=None, finding=waiting, result="已整改")
    town = {r.label: r.count for r in selectors.reminders(tree.accounts["town_a"], TODAY)}
    assert town == {"村官直审问题逾期未整改": 1, "村官直审整改结果待核实": 1}
    village = {r.label: r.count for r in selectors.reminders(tree.accounts["secretary_a2"], TODAY)}
    assert village == {"村官直审问题逾期未整改": 0}


def test_public_block_is_two_queries(tree, django_assert_max_num_queries):
    from tests.service.audits_world import audits_world

    audits_world(tree)
    with django_assert_max_num_queries(2):
        block = selectors.public_block(tree.village_a1, TODAY)
    assert block is not None and block["notices"][0].findings == 1
    assert selectors.public_block(tree.village_a1, TODAY + dt.timedelta(days=10)) is None
