"""Transfers through the services: issue, accept (the member moves), return with a reason, cancel; out of and into
the deployment; the county's letter validity; every state change audited; nothing changes on a refusal."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Education, Gender, MemberStatus, OrgDomain, OrgKind, OrgLevel, Role
from dangjian.core.models import AuditEntry, Person
from dangjian.core.scoping import scoped
from dangjian.members.choices import MobileStatus, TransferKind, TransferReason, TransferStatus
from dangjian.members.models import MobileMember, Transfer
from dangjian.members.services import mobile as mobile_services
from dangjian.members.services import transfers as services
from tests.core.factories import id_number, make_account, make_org, make_person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def issue(tree, person=None, to_org=None, actor="secretary_a1", **extra):
    values = {"reason": TransferReason.WORK, "issued_on": TODAY}
    values.update(extra)
    return services.transfer_issue(
        actor=tree.accounts[actor] if actor else None,
        person=person or tree.people["a1"][1],
        to_org=to_org or tree.village_a2,
        **values,
    )


def state(transfer):
    return Transfer.objects.filter(pk=transfer.pk).values().get()


def person_state(person):
    return Person.objects.filter(pk=person.pk).values().get()


def entries(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")


# --- inside the deployment -------------------------------------------------------------------------------


def test_issue_numbers_the_letter_per_county_and_year_and_keeps_the_member_where_they_are(tree):
    first = issue(tree)
    second = issue(tree, person=tree.people["a1"][2])
    later = issue(tree, person=tree.people["b1"][0], to_org=tree.village_a1, actor="county", issued_on=TODAY)
    assert first.letter_no == "C001〔2026〕0001号"
    assert second.letter_no == "C001〔2026〕0002号"
    assert later.letter_no == "C001〔2026〕0003号"
    assert first.status == TransferStatus.PENDING
    assert first.valid_until == dt.date(2026, 6, 10)
    assert first.deadline == first.valid_until
    assert first.owner == tree.accounts["secretary_a1"]
    assert first.to_county == tree.county and first.county == tree.county
    person = Person.objects.get(pk=tree.people["a1"][1].pk)
    assert person.org == tree.village_a1
    created = entries(first).get()
    assert created.action == AuditAction.CREATE and created.actor_name == "secretary_a1"


def test_validity_follows_the_county_setting(tree):
    services.transfer_setting_save(
        actor=tree.accounts["county"], county=tree.county, letter_valid_months=2, letter_valid_months_across_provinces=4
    )
    assert issue(tree).valid_until == dt.date(2026, 5, 10)


def test_only_the_county_sets_the_validity_within_its_range(tree):
    with pytest.raises(PermissionDenied):
        services.transfer_setting_save(
            actor=tree.accounts["town_a"],
            county=tree.county,
            letter_valid_months=2,
            letter_valid_months_across_provinces=4,
        )
    with pytest.raises(ValidationError) as error:
        services.transfer_setting_save(
            actor=tree.accounts["county"],
            county=tree.county,
            letter_valid_months=0,
            letter_valid_months_across_provinces=13,
        )
    assert error.value.message_dict == {
        "letter_valid_months": ["介绍信有效期应为1至12个月"],
        "letter_valid_months_across_provinces": ["介绍信有效期应为1至12个月"],
    }


def test_a_letter_across_provinces_is_valid_longer(db):
    province_a = make_org(None, "P001", "甲省委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.PROVINCE)
    province_b = make_org(None, "P002", "乙省委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.PROVINCE)
    county_a = make_org(province_a, "CA01", "甲县委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.COUNTY)
    county_b = make_org(province_b, "CB01", "乙县委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.COUNTY)
    town = make_org(county_a, "TA01", "甲镇党委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.TOWNSHIP)
    here = make_org(town, "VA01", "甲村党支部")
    there = make_org(county_b, "VB01", "乙社区党支部", domain=OrgDomain.COMMUNITY)
    near = make_org(town, "VA02", "丙村党支部")
    person = make_person(here)
    far = services.transfer_issue(actor=None, person=person, to_org=there, reason=TransferReason.WORK, issued_on=TODAY)
    assert far.across_provinces and far.valid_until == dt.date(2026, 9, 10)
    assert far.to_county == county_b and far.letter_no == "CA01〔2026〕0001号"
    services.transfer_cancel(actor=None, transfer=far)
    close = services.transfer_issue(actor=None, person=person, to_org=near, reason=TransferReason.WORK, issued_on=TODAY)
    assert not close.across_provinces and close.valid_until == dt.date(2026, 6, 10)


def test_accept_moves_the_member_and_records_both_changes(tree):
    transfer = issue(tree)
    person = tree.people["a1"][1]
    services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=transfer)
    moved = Person.objects.get(pk=person.pk)
    assert moved.org == tree.village_a2 and moved.org_path == tree.village_a2.path
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_on == TODAY
    move = entries(moved).last()
    assert move.actor_name == "secretary_a2"
    assert move.before["org"] == tree.village_a1.pk and move.after["org"] == tree.village_a2.pk
    assert [e.action for e in entries(transfer)] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries(transfer).last().after == {"status": "accepted", "decided_on": "2026-03-10"}


def test_accepting_across_counties_moves_the_member_to_the_other_county(tree):
    other_county = make_org(None, "C002", "邻县县委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.COUNTY)
    other_town = make_org(other_county, "T101", "邻县镇党委", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.TOWNSHIP)
    other_branch = make_org(other_town, "V101", "邻县新村党支部")
    secretary = make_account("secretary_other", other_branch, Role.BRANCH_SECRETARY)
    transfer = issue(tree, to_org=other_branch)
    assert transfer.to_county == other_county
    services.transfer_accept(actor=secretary, transfer=transfer)
    moved = Person.objects.get(pk=tree.people["a1"][1].pk)
    assert moved.county == other_county and moved.org == other_branch


@pytest.mark.parametrize("who", ["secretary_a1", "member_a1"])
def test_only_the_receiving_side_accepts(tree, who):
    transfer = issue(tree)
    before, person_before = state(transfer), person_state(tree.people["a1"][1])
    with pytest.raises(PermissionDenied) as error:
        services.transfer_accept(actor=tree.accounts[who], transfer=transfer)
    assert str(error.value) == "只有转入党组织可以接收该组织关系"
    assert state(transfer) == before and person_state(tree.people["a1"][1]) == person_before


def test_a_letter_past_its_validity_cannot_be_accepted(tree, settings):
    transfer = issue(tree)
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 10)
    services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=transfer)  # the last valid day
    late = issue(tree, person=tree.people["a1"][2], issued_on=dt.date(2026, 3, 10))
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 11)
    with pytest.raises(ValidationError) as error:
        services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=late)
    assert error.value.message_dict["valid_until"] == [
        "介绍信有效期至2026-06-10,已过期,请撤销后重新开具(介绍信须在有效期内办理)"
    ]


def test_returning_needs_a_reason_and_leaves_the_member_in_place(tree):
    transfer = issue(tree)
    before = state(transfer)
    with pytest.raises(ValidationError) as error:
        services.transfer_reject(actor=tree.accounts["secretary_a2"], transfer=transfer, reason="  ")
    assert error.value.message_dict == {"reason": ["退回须写明理由:组织关系转接不得无故拒收"]}
    assert state(transfer) == before
    services.transfer_reject(actor=tree.accounts["secretary_a2"], transfer=transfer, reason="本人未到本村居住")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REJECTED and transfer.decision_note == "本人未到本村居住"
    assert Person.objects.get(pk=tree.people["a1"][1].pk).org == tree.village_a1
    with pytest.raises(ValidationError) as error:
        services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=transfer)
    assert error.value.message_dict == {"status": ["该转接退回,不能再接收"]}


def test_the_sender_cancels_a_pending_letter_and_may_then_issue_again(tree):
    transfer = issue(tree)
    with pytest.raises(PermissionDenied):
        services.transfer_cancel(actor=tree.accounts["secretary_a2"], transfer=transfer)
    services.transfer_cancel(actor=tree.accounts["secretary_a1"], transfer=transfer, reason="开错了")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    assert issue(tree).letter_no == "C001〔2026〕0002号"


def test_issue_refusals_name_the_field_and_rule(tree):
    person = tree.people["a1"][1]
    with pytest.raises(ValidationError) as error:
        issue(tree, to_org=tree.village_a1)
    assert error.value.message_dict == {"to_org": ["转入党组织不能是党员现在所在的党组织"]}
    with pytest.raises(ValidationError) as error:
        issue(tree, to_org=tree.town_b)
    assert error.value.message_dict == {"to_org": ["转入党组织须为党支部(含联合党支部、临时党支部):党员编入党支部管理"]}
    with pytest.raises(ValidationError) as error:
        issue(tree, issued_on=dt.date(2026, 3, 11))
    assert error.value.message_dict == {"issued_on": ["开具日期不能晚于今天"]}
    with pytest.raises(ValidationError) as error:
        issue(tree, deadline=dt.date(2026, 6, 11))
    assert error.value.message_dict == {"deadline": ["办理期限不能晚于介绍信有效期(2026-06-10)"]}
    with pytest.raises(ValidationError) as error:
        issue(tree, owner=tree.accounts["secretary_a2"])
    assert error.value.message_dict == {"owner": ["经办人须为管理“东城镇李庄村党支部”的书记或管理员"]}
    first = issue(tree)
    with pytest.raises(ValidationError) as error:
        issue(tree)
    assert error.value.message_dict == {
        "person": [f"{person.name}已有未办结的组织关系转接(介绍信{first.letter_no}),请先办结或撤销"]
    }
    assert Transfer.objects.count() == 1


def test_issue_needs_the_sending_side(tree):
    with pytest.raises(PermissionDenied):
        issue(tree, actor="secretary_a2")
    with pytest.raises(PermissionDenied):
        issue(tree, actor="member_a1")
    assert not Transfer.objects.exists()


def test_a_named_owner_and_an_earlier_deadline(tree):
    transfer = issue(tree, owner=tree.accounts["town_a"], deadline=dt.date(2026, 4, 10))
    assert transfer.owner == tree.accounts["town_a"] and transfer.deadline == dt.date(2026, 4, 10)


def test_accepting_ends_a_spell_as_mobile_member(tree):
    person = tree.people["a1"][1]
    mobile = mobile_services.mobile_register(
        actor=tree.accounts["secretary_a1"],
        person=person,
        left_on=dt.date(2025, 6, 1),
        destination="浙江省杭州市",
        contact="13900000000",
    )
    services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=issue(tree))
    mobile.refresh_from_db()
    assert mobile.status == MobileStatus.RETURNED and mobile.returned_on == TODAY
    assert mobile.note == "组织关系已转至东城镇王庄村党支部"


# --- out of the deployment ------------------------------------------------------------------------------


def out(tree, person=None, **extra):
    values = {
        "external_org_name": "浙江省杭州市西湖区某社区党委",
        "reason": TransferReason.RESIDENCE,
        "issued_on": TODAY,
        "across_provinces": True,
    }
    values.update(extra)
    return services.transfer_out_issue(
        actor=tree.accounts["secretary_a1"], person=person or tree.people["a1"][1], **values
    )


def test_out_of_the_deployment_the_member_stays_until_the_receipt(tree):
    transfer = out(tree)
    assert transfer.kind == TransferKind.OUTGOING and transfer.letter_no == "C001〔2026〕0001号"
    assert transfer.valid_until == dt.date(2026, 9, 10)
    person = Person.objects.get(pk=tree.people["a1"][1].pk)
    assert person.standing == "normal"
    services.transfer_receipt_confirm(actor=tree.accounts["secretary_a1"], transfer=transfer, receipt_on=TODAY)
    person.refresh_from_db()
    transfer.refresh_from_db()
    assert person.standing == "transferred_out" and person.standing_since == TODAY
    assert transfer.status == TransferStatus.ACCEPTED and transfer.receipt_on == TODAY
    with pytest.raises(ValidationError) as error:
        out(tree, person=person)
    assert error.value.message_dict == {"person": [f"{person.name}已列入历史名册,不能转接组织关系"]}


def test_outgoing_keeps_a_paper_letter_number_once(tree):
    assert out(tree, letter_no="豫组转〔2026〕12号").letter_no == "豫组转〔2026〕12号"
    with pytest.raises(ValidationError) as error:
        out(tree, person=tree.people["a1"][2], letter_no="豫组转〔2026〕12号")
    assert error.value.message_dict == {"letter_no": ["介绍信编号“豫组转〔2026〕12号”已使用"]}
    with pytest.raises(ValidationError) as error:
        out(tree, person=tree.people["a1"][2], external_org_name=" ")
    assert error.value.message_dict == {"external_org_name": ["请填写转入的系统外党组织名称"]}


def test_receipt_only_by_the_sender_and_not_before_the_letter(tree):
    transfer = out(tree)
    with pytest.raises(PermissionDenied):
        services.transfer_receipt_confirm(actor=tree.accounts["secretary_a2"], transfer=transfer, receipt_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.transfer_receipt_confirm(
            actor=tree.accounts["secretary_a1"], transfer=transfer, receipt_on=dt.date(2026, 3, 9)
        )
    assert error.value.message_dict == {"receipt_on": ["回执日期不能早于介绍信开具日期2026-03-10"]}
    with pytest.raises(ValidationError) as error:
        services.transfer_receipt_confirm(
            actor=tree.accounts["secretary_a1"], transfer=transfer, receipt_on=dt.date(2026, 3, 11)
        )
    assert error.value.message_dict == {"receipt_on": ["回执日期不能晚于今天"]}
    assert Person.objects.get(pk=tree.people["a1"][1].pk).standing == "normal"


# --- into the deployment ---------------------------------------------------------------------------------


def incoming(tree, **extra):
    values = {
        "to_org": tree.village_a2,
        "person_name": "钱来福",
        "external_org_name": "江苏省南京市某街道党工委",
        "letter_no": "苏组〔2026〕88号",
        "issued_on": dt.date(2026, 3, 1),
        "valid_until": dt.date(2026, 6, 1),
        "reason": TransferReason.WORK,
    }
    values.update(extra)
    return services.transfer_in_record(actor=tree.accounts["secretary_a2"], **values)


def roster_fields(**overrides):
    values = {
        "name": "钱来福",
        "id_number": id_number(birth=dt.date(1985, 4, 2)),
        "gender": Gender.MALE,
        "ethnicity": "汉族",
        "education": Education.BACHELOR,
        "status": MemberStatus.FULL,
        "joined_on": dt.date(2010, 7, 1),
        "confirmed_on": dt.date(2011, 7, 1),
        "phone": "13700000000",
    }
    values.update(overrides)
    return values


def test_incoming_letter_is_recorded_then_registered_on_the_roll(tree):
    transfer = incoming(tree)
    assert transfer.person is None and transfer.kind == TransferKind.INCOMING
    person = services.transfer_in_register(actor=tree.accounts["secretary_a2"], transfer=transfer, **roster_fields())
    transfer.refresh_from_db()
    assert transfer.person == person and transfer.status == TransferStatus.ACCEPTED
    assert person.org == tree.village_a2 and person.name == "钱来福"
    assert entries(person).get().action == AuditAction.CREATE


def test_incoming_refusals(tree):
    with pytest.raises(ValidationError) as error:
        incoming(tree, letter_no="", valid_until=dt.date(2026, 2, 1))
    assert error.value.message_dict == {"letter_no": ["请填写介绍信编号"], "valid_until": ["有效期不能早于开具日期"]}
    with pytest.raises(PermissionDenied):
        incoming(tree, to_org=tree.village_a1)
    transfer = incoming(tree)
    with pytest.raises(ValidationError) as error:
        incoming(tree)
    assert error.value.message_dict == {"letter_no": ["“江苏省南京市某街道党工委”开具的介绍信苏组〔2026〕88号已登记"]}
    with pytest.raises(ValidationError) as error:
        services.transfer_in_register(
            actor=tree.accounts["secretary_a2"], transfer=transfer, **roster_fields(name="钱不来")
        )
    assert error.value.message_dict == {"name": ["姓名与介绍信上的姓名“钱来福”不一致"]}
    with pytest.raises(ValidationError) as error:
        services.transfer_in_register(
            actor=tree.accounts["secretary_a2"], transfer=transfer, **roster_fields(id_number="123")
        )
    assert "id_number" in error.value.message_dict
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
    assert not Person.objects.filter(name="钱来福").exists()


def test_an_incoming_letter_may_be_returned_with_a_reason(tree):
    transfer = incoming(tree)
    services.transfer_reject(actor=tree.accounts["secretary_a2"], transfer=transfer, reason="介绍信信息不全")
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.REJECTED


def test_mobile_register_refuses_a_second_branch(tree):
    person = tree.people["a1"][1]
    values = {"left_on": dt.date(2025, 6, 1), "destination": "杭州", "contact": "13900000000"}
    mobile_services.mobile_register(actor=tree.accounts["secretary_a1"], person=person, **values)
    with pytest.raises(ValidationError) as error:
        mobile_services.mobile_register(actor=tree.accounts["county"], person=person, **values)
    assert error.value.message_dict == {"person": [f"{person.name}已登记为流动党员(外出中),一名党员只由一个党支部管理"]}
    assert MobileMember.objects.count() == 1


def test_the_member_account_follows_the_accepted_transfer(tree):
    account = tree.accounts["member_a1"]
    person = account.person
    transfer = services.transfer_issue(
        actor=tree.accounts["secretary_a1"],
        person=person,
        to_org=tree.village_a2,
        reason=TransferReason.RESIDENCE,
        issued_on=TODAY,
    )
    services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=transfer)
    account.refresh_from_db()
    assert account.org == tree.village_a2
    # The member still sees their own record, now on the new branch.
    assert list(scoped(Person, account)) == [Person.objects.get(pk=person.pk)]
