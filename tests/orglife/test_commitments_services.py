"""五亮 through the services and selectors: writing for oneself or on a member's behalf, review (a return needs a
note; nobody reviews their own), edits sending an approved entry back to review, consent given and withdrawn only
by the member, the audit trail, and the roster's filters."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Standing
from dangjian.core.models import AuditEntry
from dangjian.members.choices import StandingBasis
from dangjian.members.services.standing import standing_change
from dangjian.orglife.choices import CommitmentKind, ReviewStatus
from dangjian.orglife.models import Commitment
from dangjian.orglife.selectors import commitments as selectors
from dangjian.orglife.services import commitments as services
from tests.orglife.commitments_world import commitments_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entry(
    tree, who="member_a1", *, kind=CommitmentKind.PROMISE, content="年内为群众办实事5件", submit=False, person=None
):
    return services.commitment_create(
        actor=tree.accounts[who],
        person=person or tree.people["a1"][0],
        year=2026,
        kind=kind,
        content=content,
        submit=submit,
    )


def audits(obj):
    return AuditEntry.objects.filter(object_type="orglife.commitment", object_id=str(obj.pk))


def test_a_member_writes_a_draft_and_submits_it(tree, today):
    draft = entry(tree)
    assert (draft.status, draft.county_id, draft.org_path) == (ReviewStatus.DRAFT, tree.county.pk, tree.village_a1.path)
    assert draft.submitted_at is None
    submitted = services.commitment_submit(actor=tree.accounts["member_a1"], commitment=draft)
    assert submitted.status == ReviewStatus.SUBMITTED and submitted.submitted_at is not None
    assert list(audits(draft).values_list("action", flat=True).order_by("id")) == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]
    with pytest.raises(ValidationError) as again:
        services.commitment_submit(actor=tree.accounts["member_a1"], commitment=draft)
    assert again.value.message_dict == {"status": ["该条目当前为“待审核”,无需提交"]}


def test_validation_names_the_field(tree, today):
    member = tree.accounts["member_a1"]
    person = tree.people["a1"][0]
    with pytest.raises(ValidationError) as refused:
        services.commitment_create(actor=member, person=person, year=2025, kind="fame", content=" ")
    assert refused.value.message_dict == {
        "kind": ["请选择五亮类别"],
        "year": ["2025年度的五亮承诺已归档,不能再修改"],
        "content": ["请填写内容"],
    }
    with pytest.raises(ValidationError) as long:
        services.commitment_create(actor=member, person=person, year=2026, kind="duty", content="字" * 501)
    assert long.value.message_dict == {"content": ["内容不超过500字(现有501字)"]}
    entry(tree)
    with pytest.raises(ValidationError) as twice:
        entry(tree)
    assert twice.value.message_dict == {"kind": ["2026年度已填写“亮承诺”,请修改原条目"]}
    assert Commitment.objects.count() == 1


def test_who_may_write(tree, today):
    a1_person = tree.people["a1"][1]
    assert entry(tree, "secretary_a1", person=a1_person).person == a1_person  # a manager on the member's behalf
    with pytest.raises(PermissionDenied):
        entry(tree, "member_a1", person=a1_person)  # another member
    with pytest.raises(PermissionDenied):
        entry(tree, "secretary_a2", person=a1_person)  # another branch's manager
    assert Commitment.objects.count() == 1


def test_a_member_on_the_historical_roll_writes_nothing(tree, today):
    person = tree.people["a1"][2]
    standing_change(
        actor=None,
        person=person,
        to_standing=Standing.DECEASED,
        changed_on=dt.date(2026, 2, 1),
        basis=StandingBasis.DEATH,
        reason="病故",
    )
    with pytest.raises(ValidationError) as refused:
        entry(tree, "secretary_a1", person=person)
    assert "已列入历史名册" in refused.value.message_dict["person"][0]


def test_review_approves_or_returns_with_a_note(tree, today):
    first = entry(tree, submit=True)
    second = entry(tree, kind=CommitmentKind.DUTY, submit=True)
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as no_note:
        services.commitment_review(actor=secretary, commitment=second, approve=False, note="  ")
    assert no_note.value.message_dict == {"note": ["退回时请填写审核意见"]}
    approved = services.commitment_review(actor=secretary, commitment=first, approve=True)
    assert (approved.status, approved.reviewed_by) == (ReviewStatus.APPROVED, secretary)
    returned = services.commitment_review(actor=secretary, commitment=second, approve=False, note="请写明具体职责")
    assert (returned.status, returned.review_note) == (ReviewStatus.RETURNED, "请写明具体职责")
    change = audits(second).filter(action=AuditAction.UPDATE).latest("id")
    assert change.after["status"] == "returned" and change.after["review_note"] == "请写明具体职责"
    with pytest.raises(ValidationError) as twice:
        services.commitment_review(actor=secretary, commitment=first, approve=True)
    assert twice.value.message_dict == {"status": ["该条目当前为“已通过”,不是待审核状态"]}


def test_who_may_review(tree, today):
    submitted = entry(tree, submit=True)
    for who in ("member_a1", "secretary_a2"):
        with pytest.raises(PermissionDenied):
            services.commitment_review(actor=tree.accounts[who], commitment=submitted, approve=True)
    assert Commitment.objects.get().status == ReviewStatus.SUBMITTED
    # A secretary with a member record does not review their own entries; the township does.
    secretary = tree.accounts["secretary_a1"]
    secretary.person = tree.people["a1"][1]
    secretary.save(update_fields=["person"])
    own = entry(tree, "secretary_a1", person=tree.people["a1"][1], submit=True)
    with pytest.raises(PermissionDenied) as refused:
        services.commitment_review(actor=secretary, commitment=own, approve=True)
    assert str(refused.value) == "不能审核本人的五亮承诺"
    assert services.commitment_review(actor=tree.accounts["town_a"], commitment=own, approve=True).status == "approved"
    assert [c.pk for c in selectors.review_queue(secretary, {})[1]] == [submitted.pk]


def test_editing_an_approved_entry_sends_it_back_to_review_and_off_the_card(tree, today):
    approved = services.commitment_review(actor=None, commitment=entry(tree, submit=True), approve=True)
    member = tree.accounts["member_a1"]
    services.commitment_consent(actor=member, person=tree.people["a1"][0], year=2026, public=True)
    card = selectors.public_card(tree.people["a1"][0].pk)
    assert [c.content for c in card.entries] == ["年内为群众办实事5件"]
    unchanged = services.commitment_update(actor=member, commitment=approved, content=" 年内为群众办实事5件 ")
    assert unchanged.status == ReviewStatus.APPROVED
    assert audits(approved).count() == 3  # created for review, approved, made public; the unchanged save wrote nothing
    edited = services.commitment_update(actor=member, commitment=approved, content="年内为群众办实事8件")
    assert edited.status == ReviewStatus.DRAFT
    assert selectors.public_card(tree.people["a1"][0].pk).entries == []
    resubmitted = services.commitment_update(
        actor=member, commitment=edited, content="年内为群众办实事10件", submit=True
    )
    assert resubmitted.status == ReviewStatus.SUBMITTED


def test_consent_only_by_the_member_and_covering_the_year(tree, today):
    person = tree.people["a1"][0]
    first = entry(tree)
    for who in ("secretary_a1", "town_a", "county"):
        with pytest.raises(PermissionDenied) as refused:
            services.commitment_consent(actor=tree.accounts[who], person=person, year=2026, public=True)
        assert str(refused.value) == "只有党员本人可以同意或撤回公开展示五亮承诺"
    assert not Commitment.objects.filter(public=True).exists()
    member = tree.accounts["member_a1"]
    assert services.commitment_consent(actor=member, person=person, year=2026, public=True) == 1
    later = entry(tree, kind=CommitmentKind.IMAGE)
    assert later.public  # the consent covers the year's card, including entries written afterwards
    assert audits(first).filter(action=AuditAction.UPDATE, after__public=True).exists()
    assert services.commitment_consent(actor=member, person=person, year=2026, public=False) == 2
    assert not Commitment.objects.filter(public=True).exists()
    with pytest.raises(ValidationError) as empty:
        services.commitment_consent(actor=member, person=person, year=2027, public=True)
    assert empty.value.message_dict == {"public": ["请先填写2027年度的五亮承诺"]}


def test_saving_the_year_reports_every_kind_and_writes_nothing_on_error(tree, today):
    person = tree.people["a1"][0]
    member = tree.accounts["member_a1"]
    contents = {"identity": "中共党员", "duty": "字" * 501, "promise": "", "achievement": "", "image": ""}
    with pytest.raises(ValidationError) as refused:
        services.commitments_save_year(actor=member, person=person, year=2026, contents=contents)
    assert refused.value.message_dict == {"duty": ["内容不超过500字(现有501字)"]}
    assert not Commitment.objects.exists()
    contents["duty"] = "负责网格内矛盾排查"
    saved = services.commitments_save_year(actor=member, person=person, year=2026, contents=contents, submit=True)
    assert sorted((c.kind, c.status) for c in saved) == [("duty", "submitted"), ("identity", "submitted")]
    contents["identity"] = ""
    with pytest.raises(ValidationError) as cleared:
        services.commitments_save_year(actor=member, person=person, year=2026, contents=contents)
    assert cleared.value.message_dict == {"identity": ["已填写的“亮身份”不能清空"]}
    with pytest.raises(ValidationError) as nothing:
        services.commitments_save_year(actor=member, person=tree.people["a1"][0], year=2027, contents={})
    assert nothing.value.message_dict == {"identity": ["请至少填写一项"]}


def test_the_roster_and_its_filters(tree, today):
    commitments_world(tree)
    secretary = tree.accounts["secretary_a1"]
    a1 = tree.people["a1"]

    def names(status):
        return {p.pk for p in selectors.roster(secretary, {"status": status}, year=2026)[1]}

    assert names("none") == {a1[1].pk, a1[2].pk}
    assert names("submitted") == names("public") == names("incomplete") == {a1[0].pk}
    assert names("approved") == set()
    figures = selectors.roster_figures(secretary, 2026)
    assert figures == {"members": 3, "written": 1, "approved": 0, "public": 1, "submitted": 1}
    assert selectors.roster_figures(tree.accounts["county"], 2026)["members"] == 7
    assert {p.pk for p in selectors.roster(secretary, {"search": a1[2].name}, year=2026)[1]} == {a1[2].pk}
    assert not selectors.roster(tree.accounts["secretary_a2"], {"org": "V001"}, year=2026)[1].exists()


def test_the_public_card(tree, today):
    commitments_world(tree)
    person = tree.people["a1"][0]
    token = selectors.card_token(person)
    assert selectors.card_person_id(token) == person.pk
    assert selectors.card_person_id(token + "x") is None
    card = selectors.public_card(person.pk)
    assert (card.name, card.org_name, card.year, card.consented) == (person.name, "东城镇李庄村党支部", 2026, True)
    assert [c.kind for c in card.entries] == ["identity"]  # the submitted 亮承诺 waits for review
    services.commitment_consent(actor=None, person=person, year=2026, public=False)
    card = selectors.public_card(person.pk)
    assert not card.consented and card.entries == []
    assert selectors.public_card(10**9) is None


def test_a_year_closes_at_its_end(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 12, 31)
    draft = entry(tree)
    member = tree.accounts["member_a1"]
    assert (
        services.commitment_update(actor=member, commitment=draft, content="年内办实事6件").content == "年内办实事6件"
    )
    settings.DANGJIAN_TODAY = dt.date(2027, 1, 1)
    with pytest.raises(ValidationError) as archived:
        services.commitment_update(actor=member, commitment=draft, content="年内办实事7件")
    assert archived.value.message_dict == {"year": ["2026年度的五亮承诺已归档,不能再修改"]}
    with pytest.raises(ValidationError):
        services.commitment_submit(actor=member, commitment=draft)
    # Consent stays the member's to withdraw after the year has closed.
    services.commitment_consent(actor=member, person=tree.people["a1"][0], year=2026, public=True)
    assert services.commitment_consent(actor=member, person=tree.people["a1"][0], year=2026, public=False) == 1
