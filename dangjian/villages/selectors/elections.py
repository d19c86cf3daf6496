"""Reads of 村级换届: rounds (published by the county to its subtree), the villages' changes with their committees,
the progress of a round and the structure report before/after for any scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse

from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.villages import rules
from dangjian.villages.choices import ChangeStatus, CommitteeBody, CommitteePost, CommitteeSide, ElectionBody
from dangjian.villages.models import CommitteeMember, ElectionChange, ElectionRound
from dangjian.villages.selectors.common import scoped_villages


class ChangeFilter(django_filters.FilterSet):
    round = IntegerFilter(field_name="round_id", label="换届批次编号")
    org = django_filters.CharFilter(method="filter_org", label="乡镇(街道)或村党组织代码(含全部下级)")
    body = django_filters.ChoiceFilter(choices=ElectionBody.choices, label="换届机构")
    status = django_filters.ChoiceFilter(choices=ChangeStatus.choices, label="状态")
    search = django_filters.CharFilter(field_name="org__name", lookup_expr="contains", label="村名")

    class Meta:
        model = ElectionChange
        fields = ["round", "org", "body", "status", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class MemberFilter(django_filters.FilterSet):
    change = IntegerFilter(field_name="change_id", label="换届记录编号")
    side = django_filters.ChoiceFilter(choices=CommitteeSide.choices, label="换届前后")
    body = django_filters.ChoiceFilter(choices=CommitteeBody.choices, label="所在委员会")
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")

    class Meta:
        model = CommitteeMember
        fields = ["change", "side", "body", "org"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def rounds_visible(user: Any) -> QuerySet[ElectionRound]:
    return published_to(ElectionRound, user).order_by("-year", "-id")


def round_detail(user: Any, pk: Any) -> ElectionRound:
    """A round published to the user; anything else is the same 404 as a missing one."""
    try:
        return rounds_visible(user).select_related("org").get(pk=pk)
    except (ElectionRound.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def _secretary_name() -> Subquery:
    heads = CommitteeMember.objects.filter(
        change=OuterRef("pk"), side=CommitteeSide.NEW, body=CommitteeBody.PARTY, post=CommitteePost.SECRETARY
    ).order_by("position", "id")
    return Subquery(heads.values("name")[:1])


def changes_visible(user: Any) -> QuerySet[ElectionChange]:
    return (
        scoped(ElectionChange, user)
        .select_related("org", "round")
        .annotate(
            old_count=Count("members", filter=Q(members__side=CommitteeSide.OLD)),
            new_count=Count("members", filter=Q(members__side=CommitteeSide.NEW)),
            secretary_name=_secretary_name(),
        )
    )


def change_list(user: Any, params: Mapping[str, Any]) -> tuple[ChangeFilter, QuerySet[ElectionChange]]:
    filterset = ChangeFilter(params or None, queryset=changes_visible(user))
    return filterset, filterset.qs.order_by("-round__year", "org_path", "id")


def change_detail(user: Any, pk: Any) -> ElectionChange:
    return get_scoped_or_404(changes_visible(user), user, pk=pk)


def committee(change: ElectionChange, side: str) -> list[CommitteeMember]:
    return list(change.members.filter(side=side).select_related("person").order_by("body", "position", "id"))


def member_list(user: Any, params: Mapping[str, Any]) -> tuple[MemberFilter, QuerySet[CommitteeMember]]:
    members = scoped(CommitteeMember, user).select_related("change__org")
    filterset = MemberFilter(params or None, queryset=members)
    return filterset, filterset.qs.order_by("change_id", "side", "body", "position", "id")


# --- progress and report ------------------------------------------------------------------------------------


@dataclass
class Progress:
    done: int
    villages: int

    @property
    def text(self) -> str:
        return ratio_text(self.done, self.villages)


def progress(user: Any, election_round: ElectionRound, org: Org | None = None) -> Progress:
    """Villages whose change is confirmed / villages in the scope (the round's county subtree, narrowed to `org`)."""
    villages = scoped_villages(user).filter(**subtree("path", election_round.org_path))
    changes = scoped(ElectionChange, user).filter(round=election_round, status=ChangeStatus.DONE)
    if org is not None:
        villages = villages.filter(**subtree("path", org.path))
        changes = changes.filter(**subtree("org_path", org.path))
    return Progress(done=changes.values("org").distinct().count(), villages=villages.count())


@dataclass
class Line:
    """One line of the report: before and after shares, the change in points and the sentence."""

    label: str
    before_part: int
    before_whole: int
    after_part: int
    after_whole: int

    @property
    def before(self) -> Decimal | None:
        return rules.share_percent(self.before_part, self.before_whole)

    @property
    def after(self) -> Decimal | None:
        return rules.share_percent(self.after_part, self.after_whole)

    @property
    def before_text(self) -> str:
        return ratio_text(self.before_part, self.before_whole)

    @property
    def after_text(self) -> str:
        return ratio_text(self.after_part, self.after_whole)

    @property
    def points(self) -> Decimal | None:
        return rules.points_change(self.before, self.after)

    @property
    def sentence(self) -> str:
        return rules.change_sentence(self.label, self.before, self.after)


@dataclass
class Report:
    villages: int = 0
    people_before: int = 0
    people_after: int = 0
    secretaries_changed: int = 0
    secretaries_compared: int = 0
    lines: list[Line] = field(default_factory=list)


def _row(member: CommitteeMember) -> dict[str, Any]:
    return {
        "name": member.name,
        "birth_date": member.birth_date,
        "gender": member.gender,
        "education": member.education,
        "person_id": member.person_id,
        "day": member.change.election_date,
        "body": member.body,
        "post": member.post,
        "concurrent": member.concurrent,
        "change_id": member.change_id,
    }


def structure_report(user: Any, election_round: ElectionRound, org: Org | None = None) -> Report:
    """The structure of the two committees before and after, over the round's confirmed changes in scope (ages at
    each village's election date; someone on both committees counted once per village)."""
    changes = scoped(ElectionChange, user).filter(round=election_round, status=ChangeStatus.DONE)
    if org is not None:
        changes = changes.filter(**subtree("org_path", org.path))
    members = CommitteeMember.objects.filter(change__in=changes).select_related("change")
    by_change: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for member in members.iterator(chunk_size=2000):
        by_change.setdefault(member.change_id, {"old": [], "new": []})[member.side].append(_row(member))
    totals = {side: rules.Structure() for side in ("old", "new")}
    one_shoulder = {"old": 0, "new": 0}
    with_party = {"old": 0, "new": 0}
    changed = compared = 0
    for sides in by_change.values():
        heads: dict[str, tuple | None] = {}
        for side in ("old", "new"):
            rows = sides[side]
            got = rules.committee_structure(rows, lambda r: r["day"])
            total = totals[side]
            totals[side] = rules.Structure(
                total.people + got.people,
                total.under_35 + got.under_35,
                total.high_school + got.high_school,
                total.women + got.women,
            )
            secretary = next((r for r in rows if r["body"] == "party" and r["post"] == "secretary"), None)
            heads[side] = rules.member_key(secretary) if secretary else None
            if secretary is not None:
                with_party[side] += 1
                one_shoulder[side] += int(secretary["concurrent"])
        if heads["old"] is not None and heads["new"] is not None:
            compared += 1
            changed += int(rules.secretary_changed(heads["old"], heads["new"]))
    old, new = totals["old"], totals["new"]
    lines = [
        Line("35岁以下", old.under_35, old.people, new.under_35, new.people),
        Line("高中以上文化程度", old.high_school, old.people, new.high_school, new.people),
        Line("女性", old.women, old.people, new.women, new.people),
        Line("书记、主任“一肩挑”", one_shoulder["old"], with_party["old"], one_shoulder["new"], with_party["new"]),
    ]
    return Report(
        villages=changes.count(),
        people_before=old.people,
        people_after=new.people,
        secretaries_changed=changed,
        secretaries_compared=compared,
        lines=lines,
    )


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The village's latest confirmed term change on its overview page (date, round, new secretary, 一肩挑, term),
    or the one under way; None when it has none. A term runs five years, so the year picked does not narrow it."""
    changes = changes_visible(user).filter(org=org).order_by("-election_date", "-id")
    change = changes.filter(status=ChangeStatus.DONE).first() or changes.first()
    if change is None:
        return None
    if change.status != ChangeStatus.DONE:
        return {
            "title": "村级换届",
            "rows": [
                ("换届", f"{change.round.period}({change.get_status_display()})"),
                ("选举日期", f"{change.election_date:%Y-%m-%d}"),
            ],
            "link": reverse("villages:election_change", args=[change.pk]),
            "link_label": "查看换届",
        }
    head = (
        scoped(CommitteeMember, user)
        .filter(change=change, side=CommitteeSide.NEW, body=CommitteeBody.PARTY, post=CommitteePost.SECRETARY)
        .order_by("position", "id")
        .values_list("concurrent", flat=True)
        .first()
    )
    return {
        "title": "村级换届",
        "rows": [
            ("最近换届", f"{change.election_date:%Y-%m-%d}({change.round.period})"),
            ("新任党组织书记", change.secretary_name or "—"),
            ("书记、主任“一肩挑”", "—" if head is None else ("是" if head else "否")),
            ("任期", f"{change.term_start:%Y-%m-%d}至{change.term_end:%Y-%m-%d}"),
        ],
        "link": reverse("villages:election_change", args=[change.pk]),
        "link_label": "查看换届",
    }
