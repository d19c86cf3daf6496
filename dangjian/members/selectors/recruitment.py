"""Reads of recruitment (发展党员): applicants in scope, what each may do next and when, the pipeline of a branch or
a township, and the soft alerts (RECRUIT-02, -03, -11, -13, -14). Every list starts from `scoped()`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404

from dangjian.core import clock
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, org_in_scope, scope_of, scoped
from dangjian.members import rules
from dangjian.members.choices import STAGES, STEP_CHOICES, STEPS, ApplicantStatus, TrainingMode
from dangjian.members.models import Applicant, CandidateScore, RecruitPerson, RecruitSetting, RecruitStep
from dangjian.members.selectors.standing import formal_on

# Still on the way: not stopped, not cancelled, not archived as a full member.
ACTIVE_STATUSES = (ApplicantStatus.IN_PROGRESS, ApplicantStatus.PROBATIONARY, ApplicantStatus.EXTENDED)
PROBATION_STATUSES = (ApplicantStatus.PROBATIONARY, ApplicantStatus.EXTENDED)
STAGE_CHOICES = [(number, f"{number}. {name}") for number, name in STAGES.items()]


def step_name(number: int) -> str:
    return STEPS[number][1]


def recruit_setting(county_id: int | None) -> RecruitSetting:
    """The county's recruitment settings; unsaved defaults (六评三定 off) where the county has set none."""
    if county_id is None:
        return RecruitSetting()
    return RecruitSetting.objects.filter(county_id=county_id).first() or RecruitSetting(county_id=county_id)


def voting_entitled(org: Org, on: dt.date) -> int:
    """RECRUIT-09/10: the branch's formal members with the right to vote on `on` (正常, 失联 or 出国出境 that day;
    预备党员 do not vote). The branch's 党小组 belong to it."""
    people = Person.objects.filter(county_id=org.county_id, org_path__startswith=org.path)
    return formal_on(people, on).count()


# --- one applicant's history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """An applicant's recorded steps in the order they were recorded."""

    steps: tuple[RecruitStep, ...]

    @classmethod
    def of(cls, applicant: Applicant) -> History:
        """From the prefetched steps when there are (a pipeline), else one query."""
        return cls(tuple(sorted(applicant.steps.all(), key=lambda step: step.pk)))

    def latest(self, number: int) -> RecruitStep | None:
        found = [step for step in self.steps if step.number == number]
        return found[-1] if found else None

    @property
    def last_date(self) -> dt.date | None:
        return max((step.done_on for step in self.steps), default=None)

    @property
    def failed(self) -> set[int]:
        """Check steps whose latest conclusion was "not passed"."""
        failed = set()
        for number in rules.CHECK_STEPS:
            step = self.latest(number)
            if step is not None and step.passed is False:
                failed.add(number)
        return failed


def _order_blocker(applicant: Applicant, number: int, history: History) -> str | None:
    if applicant.status == ApplicantStatus.STOPPED:
        return "已终止培养,不能再记录发展步骤"
    opened = rules.steps_open(applicant.step, failed=history.failed)
    if number in opened:
        return None
    if 17 in history.failed:
        return "上级党委未批准接收,发展程序已结束"
    if 24 in history.failed and applicant.step == 24:
        return "上级党委未批准支部大会的决定,须先由支部大会重新讨论(第23步)"
    if not opened:
        return "发展程序已全部完成"
    if number <= applicant.step:
        return f"第{number}步“{step_name(number)}”已经记录,不能重复记录"
    first = opened[0] if opened[0] > applicant.step else applicant.step + 1
    return f"须先完成第{first}步“{step_name(first)}”,才能记录第{number}步“{step_name(number)}”"


def step_blockers(
    applicant: Applicant, number: int, *, on: dt.date, setting: RecruitSetting, history: History | None = None
) -> list[tuple[str, str]]:
    """Why step `number` may not be recorded on `on`, as (field, Chinese reason) pairs; empty when it may.

    The rules that need no input beyond the date: order, minimum periods (RECRUIT-04), the stage gates
    (RECRUIT-06, -08) and, when the county applies 六评三定, its inspection and nomination gates.
    """
    history = history or History.of(applicant)
    blocker = _order_blocker(applicant, number, history)
    if blocker:
        return [("number", blocker)]
    found: list[tuple[str, str]] = []
    if number == 7 and applicant.activist_on:
        problem = rules.candidate_date_problem(applicant.activist_on, on)
        if problem:
            found.append(("done_on", problem))
    if number == 12:
        review = history.latest(10)
        if review is None or review.passed is not True:
            found.append(("number", "未经政治审查或政治审查未通过的,不能进入预备党员的接收阶段"))
        if setting.six_three and applicant.inspected_on is None:
            found.append(("number", "未经组织考察的不得进入讨论研究程序"))
    if number == 15:
        pre_review = history.latest(13)
        if pre_review is None or pre_review.passed is not True:
            found.append(("number", "上级党委预审未通过的,不能提交支部党员大会讨论"))
        if setting.six_three and applicant.nominated_on is None:
            found.append(("number", "非乡镇党委提名人选不得提交支部党员大会票决"))
    return found


def step_blocker(
    applicant: Applicant, number: int, *, on: dt.date, setting: RecruitSetting | None = None
) -> str | None:
    """The first reason step `number` may not be recorded on `on` (None: it may)."""
    setting = setting or recruit_setting(applicant.county_id)
    found = step_blockers(applicant, number, on=on, setting=setting)
    return found[0][1] if found else None


# --- what comes next, and what is overdue -------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    number: int
    name: str
    stage: int
    due_on: dt.date | None
    overdue: bool
    blocked: str | None


@dataclass(frozen=True)
class Alert:
    """A soft rule broken: it blocks nothing, it asks for attention on the branch's and the township's pages."""

    applicant: Applicant
    rule: str
    message: str
    due_on: dt.date
    days_overdue: int


def _due_on(applicant: Applicant, number: int, setting: RecruitSetting, history: History) -> dt.date | None:
    if number == 2:
        return rules.add_months(applicant.applied_on, setting.talk_within_months)
    if number == 6:
        base = applicant.last_review_on or applicant.activist_on
        return rules.add_months(base, setting.review_every_months) if base else None
    if number in (16, 17) and applicant.resolution_on:
        return rules.add_months(applicant.resolution_on, setting.approval_within_months)
    if number in (22, 23) and applicant.probation_ends_on:
        return applicant.probation_ends_on
    if number == 24:
        discussion = history.latest(23)
        return rules.add_months(discussion.done_on, setting.approval_within_months) if discussion else None
    return None


def next_steps(
    applicant: Applicant, *, today: dt.date, setting: RecruitSetting | None = None, history: History | None = None
) -> list[NextStep]:
    """The steps that may be recorded next, each with its due date (None where no period applies), whether it is
    overdue, and what still blocks it today (None when nothing does)."""
    setting = setting or recruit_setting(applicant.county_id)
    history = history or History.of(applicant)
    if applicant.status == ApplicantStatus.STOPPED:
        return []
    found = []
    for number in rules.steps_open(applicant.step, failed=history.failed):
        due = _due_on(applicant, number, setting, history)
        blockers = step_blockers(applicant, number, on=today, setting=setting, history=history)
        found.append(
            NextStep(
                number=number,
                name=step_name(number),
                stage=rules.stage_of(number),
                due_on=due,
                overdue=due is not None and today > due,
                blocked=blockers[0][1] if blockers else None,
            )
        )
    return found


def applicant_alerts(
    applicant: Applicant, *, today: dt.date, setting: RecruitSetting | None = None, history: History | None = None
) -> list[Alert]:
    """The soft rules an applicant breaks today."""
    setting = setting or recruit_setting(applicant.county_id)
    found: list[Alert] = []

    def add(rule: str, due: dt.date, message: str) -> None:
        if today > due:
            found.append(Alert(applicant, rule, message, due, (today - due).days))

    step, status = applicant.step, applicant.status
    if status == ApplicantStatus.IN_PROGRESS and step == 1:
        months = setting.talk_within_months
        due = rules.add_months(applicant.applied_on, months)
        add("RECRUIT-02", due, f"递交入党申请书后{months}个月内未派人谈话(应于{due:%Y-%m-%d}前谈话)")
    if status == ApplicantStatus.IN_PROGRESS and 3 <= step <= 6:
        base = applicant.last_review_on or applicant.activist_on
        if base:
            months = setting.review_every_months
            due = rules.add_months(base, months)
            add("RECRUIT-03", due, f"入党积极分子每{months}个月考察一次,本次考察已逾期(应于{due:%Y-%m-%d}前)")
    if status == ApplicantStatus.PROBATIONARY and step in (15, 16) and applicant.resolution_on:
        months = setting.approval_within_months
        due = rules.add_months(applicant.resolution_on, months)
        add("RECRUIT-11", due, f"支部大会通过接收后{months}个月内上级党委未审批(应于{due:%Y-%m-%d}前)")
    if status in PROBATION_STATUSES and step == 23:
        discussion = (history or History.of(applicant)).latest(23)
        if discussion is not None:
            months = setting.approval_within_months
            due = rules.add_months(discussion.done_on, months)
            add("RECRUIT-14", due, f"支部大会讨论转正后{months}个月内上级党委未审批(应于{due:%Y-%m-%d}前)")
    if status in PROBATION_STATUSES and 15 <= step < 23 and applicant.probation_ends_on:
        due = applicant.probation_ends_on
        add("RECRUIT-13", due, f"预备期已于{due:%Y-%m-%d}期满,支部尚未讨论其转正")
    return found


def _last_discussion() -> Subquery:
    return Subquery(
        RecruitStep.objects.filter(applicant=OuterRef("pk"), number=23).order_by("-id").values("done_on")[:1]
    )


def overdue_q(setting: RecruitSetting, *, today: dt.date) -> Q:
    """The applicants `applicant_alerts` reports, as one database condition (the queryset must be annotated
    with `with_last_discussion`)."""
    talk = rules.overdue_cutoff(today, setting.talk_within_months)
    review = rules.overdue_cutoff(today, setting.review_every_months)
    approval = rules.overdue_cutoff(today, setting.approval_within_months)
    in_progress = Q(status=ApplicantStatus.IN_PROGRESS)
    probation = Q(status__in=PROBATION_STATUSES)
    return (
        (in_progress & Q(step=1, applied_on__lte=talk))
        | (in_progress & Q(step__gte=3, step__lte=6, review_base__lte=review))
        | Q(status=ApplicantStatus.PROBATIONARY, step__in=(15, 16), resolution_on__lte=approval)
        | (probation & Q(step=23, last_discussion_on__lte=approval))
        | (probation & Q(step__gte=15, step__lt=23, probation_ends_on__lt=today))
    )


def with_last_discussion(queryset: QuerySet[Applicant]) -> QuerySet[Applicant]:
    return queryset.annotate(
        last_discussion_on=_last_discussion(), review_base=Coalesce("last_review_on", "activist_on")
    )


# --- lists -----------------------------------------------------------------------------------------------


def _stage_q(stage: int) -> Q:
    first = rules.STAGE_LAST_STEPS[stage - 2] + 1 if stage > 1 else 1
    return Q(step__gte=first, step__lte=rules.STAGE_LAST_STEPS[stage - 1])


class ApplicantFilter(django_filters.FilterSet):
    """Filters of the applicant list (pages and API). `overdue` uses the county settings of the request's user."""

    search = django_filters.CharFilter(method="filter_search", label="姓名")
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级;接收或培养)")
    status = django_filters.ChoiceFilter(choices=ApplicantStatus.choices, label="状态")
    stage = django_filters.TypedChoiceFilter(choices=STAGE_CHOICES, coerce=int, method="filter_stage", label="所处阶段")
    step = django_filters.TypedChoiceFilter(choices=STEP_CHOICES, coerce=int, label="已完成步骤")
    training_mode = django_filters.ChoiceFilter(choices=TrainingMode.choices, label="培养方式")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="仅看逾期(true)")

    class Meta:
        model = Applicant
        fields = ["search", "org", "status", "stage", "step", "training_mode", "overdue"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(name__contains=value) if value else queryset

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        org = Org.objects.filter(code=value).only("path").first()
        if org is None:
            return queryset.none()
        return queryset.filter(Q(org_path__startswith=org.path) | Q(trainer_path__startswith=org.path))

    def filter_stage(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        return queryset.filter(_stage_q(value)) if value else queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        setting = recruit_setting(scope_of(self.user).county_id)
        return with_last_discussion(queryset).filter(overdue_q(setting, today=clock.today()))


def applicants(user: Any) -> QuerySet[Applicant]:
    return scoped(Applicant, user).select_related("org", "trainer_org")


def applicant_list(user: Any, params: Mapping[str, Any]) -> tuple[ApplicantFilter, QuerySet[Applicant]]:
    """The applicants in the user's scope (admitted by, or trained in, their subtree), filtered."""
    filterset = ApplicantFilter(params if params is not None else {}, queryset=applicants(user), user=user)
    queryset = filterset.qs if filterset.is_valid() else applicants(user).none()
    return filterset, queryset.order_by("org_path", "id")


def with_detail(queryset: QuerySet[Applicant]) -> QuerySet[Applicant]:
    """What an applicant's page shows: its steps with their documents, the people, the scores."""
    steps = RecruitStep.objects.select_related("org", "recorded_by").prefetch_related("documents").order_by("id")
    return queryset.select_related("org", "trainer_org", "person").prefetch_related(
        Prefetch("steps", queryset=steps),
        Prefetch("people", queryset=RecruitPerson.objects.select_related("person", "step").order_by("id")),
        Prefetch("scores", queryset=CandidateScore.objects.select_related("item").order_by("item__order", "item_id")),
    )


def applicant_detail(user: Any, pk: Any) -> Applicant:
    return get_scoped_or_404(with_detail(applicants(user)), user, pk=pk)


# --- the pipeline of a branch or a township -------------------------------------------------------------


@dataclass(frozen=True)
class PipelineRow:
    applicant: Applicant
    stage: int
    stage_name: str
    step_name: str
    next_steps: list[NextStep]
    alerts: list[Alert]

    @property
    def next_step(self) -> NextStep | None:
        """The step to do next: the furthest one open and not blocked (a repeat when the way on is still shut)."""
        unblocked = [step for step in self.next_steps if step.blocked is None]
        candidates = unblocked or self.next_steps
        return candidates[-1] if candidates else None

    @property
    def overdue(self) -> bool:
        return bool(self.alerts) or any(step.overdue for step in self.next_steps)


@dataclass
class Pipeline:
    org: Org
    rows: list[PipelineRow]
    stage_counts: dict[int, int] = field(default_factory=dict)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def stages(self) -> list[tuple[int, str, int]]:
        return [(number, name, self.stage_counts.get(number, 0)) for number, name in STAGES.items()]


def pipeline_applicants(user: Any, org: Org | None) -> QuerySet[Applicant]:
    """Who is on the way under `org` (admitted by or trained in its subtree; None: the whole scope): active, or
    awaiting the archive."""
    waiting = Q(status__in=ACTIVE_STATUSES) | Q(
        status__in=(ApplicantStatus.FULL, ApplicantStatus.CANCELLED), step=rules.LAST_STEP - 1
    )
    queryset = applicants(user).filter(waiting)
    if org is not None:
        queryset = queryset.filter(Q(org_path__startswith=org.path) | Q(trainer_path__startswith=org.path))
    return queryset.order_by("org_path", "step", "id")


def stage_counts(queryset: QuerySet[Applicant]) -> dict[int, int]:
    stage = Case(*(When(_stage_q(number), then=number) for number in STAGES), output_field=IntegerField(), default=0)
    rows = queryset.order_by().annotate(stage=stage).values("stage").annotate(count=Count("id"))
    counts = dict.fromkeys(STAGES, 0)
    counts.update({row["stage"]: row["count"] for row in rows if row["stage"]})
    return counts


def pipeline_rows(applicants_: Iterable[Applicant], *, today: dt.date) -> list[PipelineRow]:
    """Rows for applicants whose steps are prefetched (see `with_steps`); one settings query per county."""
    settings_by_county: dict[int | None, RecruitSetting] = {}
    rows = []
    for applicant in applicants_:
        if applicant.county_id not in settings_by_county:
            settings_by_county[applicant.county_id] = recruit_setting(applicant.county_id)
        setting = settings_by_county[applicant.county_id]
        history = History.of(applicant)
        stage = rules.stage_of(applicant.step)
        rows.append(
            PipelineRow(
                applicant=applicant,
                stage=stage,
                stage_name=STAGES[stage],
                step_name=step_name(applicant.step),
                next_steps=next_steps(applicant, today=today, setting=setting, history=history),
                alerts=applicant_alerts(applicant, today=today, setting=setting, history=history),
            )
        )
    return rows


def with_steps(queryset: QuerySet[Applicant]) -> QuerySet[Applicant]:
    return queryset.prefetch_related(Prefetch("steps", queryset=RecruitStep.objects.order_by("id")))


def _org_in_scope_or_404(user: Any, org: Org) -> None:
    if not org_in_scope(org, user) or scope_of(user).member_only:
        raise Http404("对象不存在")


def pipeline(user: Any, org: Org, *, today: dt.date) -> Pipeline:
    """A branch's pipeline, or a township's (all its branches): who is at which step, what is due next and when,
    what is overdue; with the count per stage."""
    _org_in_scope_or_404(user, org)
    queryset = pipeline_applicants(user, org)
    return Pipeline(org=org, rows=pipeline_rows(with_steps(queryset), today=today), stage_counts=stage_counts(queryset))


def alerts(user: Any, org: Org, *, today: dt.date) -> list[Alert]:
    """The soft alerts of the applicants under `org` (the branch's and the township's pages show them)."""
    _org_in_scope_or_404(user, org)
    queryset = with_steps(alert_applicants(user, org, today=today))
    found: list[Alert] = []
    for row in pipeline_rows(queryset, today=today):
        found.extend(row.alerts)
    return found


def alert_applicants(user: Any, org: Org | None, *, today: dt.date) -> QuerySet[Applicant]:
    """The applicants under `org` (None: the whole scope) with at least one alert today."""
    setting = recruit_setting(org.county_id if org is not None and org.county_id else scope_of(user).county_id)
    return with_last_discussion(pipeline_applicants(user, org)).filter(overdue_q(setting, today=today))
