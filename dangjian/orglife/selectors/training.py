"""Reads of training: classes with their 人次 and hours, enrolments, the rotation groups, coverage of the yearly
targets and who has not yet been trained this year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from dangjian.core import clock
from dangjian.core.choices import COUNTED_STANDINGS, OrgDomain, PostTitle
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org, Person, Post
from dangjian.core.scoping import ancestor_paths, get_scoped_or_404, published_to, scope_of, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife import rules
from dangjian.orglife.choices import EnrolmentStatus, TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, RotationTarget, TrainingClass

ZERO = Decimal("0.0")
HOURS = DecimalField(max_digits=9, decimal_places=1)


class ClassFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织单位代码(含全部下级)")
    year = YearFilter(field_name="ends_on__year", label="年度")
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label="培训形式")
    group = django_filters.ChoiceFilter(choices=TrainingGroup.choices, label="培训对象")
    search = django_filters.CharFilter(method="filter_search", label="主题、主办单位或地点")

    class Meta:
        model = TrainingClass
        fields = ["org", "year", "kind", "group", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__contains=value) | Q(organiser__contains=value) | Q(place__contains=value))


class ClassEnrolmentFilter(django_filters.FilterSet):
    """The participants of one class."""

    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    status = django_filters.ChoiceFilter(choices=EnrolmentStatus.choices, label="参训情况")
    org = django_filters.CharFilter(method="filter_org", label="党员所在党组织代码(含全部下级)")

    class Meta:
        model = Enrolment
        fields = ["search", "status", "org"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class EnrolmentFilter(ClassEnrolmentFilter):
    training = IntegerFilter(field_name="training_id", label="培训班编号")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    year = YearFilter(field_name="training__ends_on__year", label="年度")

    class Meta:
        model = Enrolment
        fields = ["training", "org", "person", "status", "search", "year"]


class TargetFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year", label="年度")
    group = django_filters.ChoiceFilter(choices=TrainingGroup.choices, label="培训对象")
    org = django_filters.CharFilter(method="filter_org", label="制定单位代码(含全部下级)")

    class Meta:
        model = RotationTarget
        fields = ["year", "group", "org"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class NotTrainedFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(choices=TrainingGroup.choices, method="chosen", label="培训对象(默认党员)")
    year = YearFilter(method="chosen", label="年度(默认今年)")
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["group", "year", "org", "search"]

    def chosen(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Group and year choose the base list (see `not_trained`), they filter nothing further."""
        return queryset

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


# --- classes ------------------------------------------------------------------------------------------------


def visible_classes(user: Any) -> QuerySet[TrainingClass]:
    """Classes run within the user's subtree, and classes that the user's members (or the member) took part in."""
    own = scoped(TrainingClass, user)
    if scope_of(user).everything:
        return own
    enrolled = scoped(Enrolment, user).values("training_id")
    return TrainingClass.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=enrolled))


def with_figures(classes: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    """Each class with its enrolled count, 人次 (attended enrolments) and the hours its participants earned."""
    attended = Q(enrolments__status=EnrolmentStatus.ATTENDED)
    return classes.annotate(
        enrolled=Count("enrolments"),
        person_times=Count("enrolments", filter=attended),
        attended_hours=Coalesce(Sum("enrolments__hours", filter=attended), Value(ZERO), output_field=HOURS),
    )


def class_list(user: Any, params: Mapping[str, Any]) -> tuple[ClassFilter, QuerySet[TrainingClass]]:
    filterset = ClassFilter(params or None, queryset=visible_classes(user).select_related("org"))
    return filterset, with_figures(filterset.qs).order_by("-starts_on", "-id")


def class_detail(user: Any, pk: Any) -> TrainingClass:
    """A class the user sees (with its figures); otherwise the same 404 as a missing one."""
    try:
        return with_figures(visible_classes(user).select_related("org")).get(pk=pk)
    except (TrainingClass.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


@dataclass
class ClassFigures:
    classes: int
    person_times: int
    hours: Decimal
    attended_hours: Decimal
    sentence: str


def class_figures(classes: QuerySet[TrainingClass], *, subject: str = "党员干部") -> ClassFigures:
    """The head figures of a list of classes: "N期, X人次, Y学时", and the report sentence
    ("组织…1600余人次开展培训11期")."""
    ids = classes.order_by().values("pk")
    head = TrainingClass.objects.filter(pk__in=ids).aggregate(count=Count("id"), hours=Sum("hours"))
    attended = Enrolment.objects.filter(training__in=ids, status=EnrolmentStatus.ATTENDED).aggregate(
        count=Count("id"), hours=Sum("hours")
    )
    count, person_times = head["count"] or 0, attended["count"] or 0
    return ClassFigures(
        classes=count,
        person_times=person_times,
        hours=Decimal(head["hours"] or ZERO).quantize(ZERO),
        attended_hours=Decimal(attended["hours"] or ZERO).quantize(ZERO),
        sentence=rules.training_sentence(subject=subject, person_times=person_times, classes=count),
    )


def enrolment_list(
    user: Any, params: Mapping[str, Any], *, training: TrainingClass | None = None
) -> tuple[ClassEnrolmentFilter, QuerySet[Enrolment]]:
    """Enrolments in scope (the member's branch and the class's org see them); of one class when given."""
    enrolments = scoped(Enrolment, user).select_related("person__org", "training")
    if training is not None:
        filterset: ClassEnrolmentFilter = ClassEnrolmentFilter(
            params or None, queryset=enrolments.filter(training=training)
        )
    else:
        filterset = EnrolmentFilter(params or None, queryset=enrolments)
    return filterset, filterset.qs.order_by("org_path", "person__name", "id")


def enrolment_detail(user: Any, pk: Any) -> Enrolment:
    return get_scoped_or_404(Enrolment.objects.select_related("person__org", "training__org"), user, pk=pk)


def branches_for(user: Any, training: TrainingClass) -> QuerySet[Org]:
    """Orgs under the class's org (and in the user's scope) whose members can be enrolled at once."""
    return (
        scoped(Org, user)
        .filter(**subtree("path", training.org_path), is_dissolved=False)
        .filter(numchild=0)
        .order_by("path")
    )


# --- rotation groups ----------------------------------------------------------------------------------------


def _current(today: dt.date) -> Q:
    return Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))


def group_posts(posts: QuerySet[Post], group: str, today: dt.date) -> QuerySet[Post]:
    """The current posts that put their holders into a rotation group."""
    posts = posts.filter(_current(today))
    if group == TrainingGroup.SECRETARIES:
        return posts.filter(title=PostTitle.SECRETARY)
    if group == TrainingGroup.FIRST_SECRETARIES:
        return posts.filter(title=PostTitle.FIRST_SECRETARY)
    return posts.filter(org__domain__in=(OrgDomain.RURAL, OrgDomain.COMMUNITY))


def _group_people(people: QuerySet[Person], posts: QuerySet[Post], group: str, today: dt.date) -> QuerySet[Person]:
    if group == TrainingGroup.MEMBERS:
        return people.filter(standing__in=COUNTED_STANDINGS)
    holders = group_posts(posts, group, today).values("person_id")
    return Person.objects.on_roll().filter(pk__in=holders)


def group_people(user: Any, group: str, today: dt.date) -> QuerySet[Person]:
    """The people of a rotation group in the user's scope: counted members for 党员; holders of a current post at
    an org in scope for secretaries, first secretaries and village (community) cadres."""
    return _group_people(scoped(Person, user), scoped(Post, user), group, today)


def group_people_under(path: str, group: str, *, county_id: int | None, today: dt.date) -> QuerySet[Person]:
    """The same group under an org (by its path), whoever asks (the services enrol from it)."""
    people = Person.objects.filter(**subtree("org_path", path))
    posts = Post.objects.filter(**subtree("org_path", path))
    if county_id is not None:
        people, posts = people.filter(county_id=county_id), posts.filter(county_id=county_id)
    return _group_people(people, posts, group, today)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def group_attendance(group: str, year: int) -> QuerySet[Enrolment]:
    """Attended enrolments in classes of the group that ended in the year."""
    return Enrolment.objects.filter(
        status=EnrolmentStatus.ATTENDED, training__group=group, training__ends_on__range=_year_range(year)
    )


def trained_ids(group: str, year: int, min_hours: Decimal = ZERO) -> QuerySet:
    """The people trained in the year for the group: ≥ 1 class attended and, if set, ≥ the minimum hours."""
    rows = group_attendance(group, year).values("person_id")
    if min_hours and min_hours > 0:
        rows = rows.annotate(total=Sum("hours")).filter(total__gte=min_hours).values("person_id")
    return rows


def as_of(year: int, today: dt.date) -> dt.date:
    """Who belongs to a group: today for this year, the year's last day for a past year."""
    return min(today, dt.date(year, 12, 31))


@dataclass
class Coverage:
    """A target and how far it is met within the viewer's scope."""

    target: RotationTarget
    total: int
    trained: int

    @property
    def missing(self) -> int:
        return self.total - self.trained

    @property
    def text(self) -> str:
        return rules.ratio_text(self.trained, self.total)


def coverage_of(user: Any, target: RotationTarget, *, today: dt.date | None = None) -> Coverage:
    """People of the target's group under its org (and in the user's scope), and how many are trained."""
    today = today or clock.today()
    moment = as_of(target.year, today)
    if target.group == TrainingGroup.MEMBERS:
        people = group_people(user, target.group, moment).filter(**subtree("org_path", target.org_path))
    else:
        posts = group_posts(scoped(Post, user), target.group, moment).filter(**subtree("org_path", target.org_path))
        people = Person.objects.on_roll().filter(pk__in=posts.values("person_id"))
    total = people.count()
    trained = people.filter(pk__in=trained_ids(target.group, target.year, target.min_hours)).count() if total else 0
    return Coverage(target=target, total=total, trained=trained)


def visible_targets(user: Any) -> QuerySet[RotationTarget]:
    """Targets set in the user's subtree and by the orgs above (a county's target applies to every branch)."""
    return published_to(RotationTarget, user).select_related("org")


def target_list(user: Any, params: Mapping[str, Any]) -> tuple[TargetFilter, QuerySet[RotationTarget]]:
    filterset = TargetFilter(params or None, queryset=visible_targets(user))
    return filterset, filterset.qs.order_by("-year", "org_path", "group", "id")


def target_detail(user: Any, pk: Any) -> RotationTarget:
    try:
        return visible_targets(user).get(pk=pk)
    except (RotationTarget.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def rotation_coverage(user: Any, year: int, *, today: dt.date | None = None) -> list[Coverage]:
    """The year's targets the user sees, each with its coverage."""
    targets = visible_targets(user).filter(year=year).order_by("org_path", "group", "id")
    return [coverage_of(user, target, today=today) for target in targets]


def applicable_target(user: Any, group: str, year: int, *, org: Org | None = None) -> RotationTarget | None:
    """The target that applies to an org (the nearest one set at the org or above): its minimum hours count."""
    path = org.path if org is not None else scope_of(user).path
    if not path:
        return None
    return (
        RotationTarget.objects.filter(org_path__in=ancestor_paths(path), year=year, group=group)
        .order_by("-org_path")
        .first()
    )


@dataclass
class NotTrained:
    filterset: NotTrainedFilter
    people: QuerySet[Person]
    group: str
    year: int
    target: RotationTarget | None


def not_trained(user: Any, params: Mapping[str, Any], *, today: dt.date | None = None) -> NotTrained:
    """People of a group (default 党员) in scope not yet trained in the year (default this year), with the hours
    they have from the group's classes so far."""
    today = today or clock.today()
    probe = NotTrainedFilter(params or None, queryset=Person.objects.none())
    cleaned = probe.form.cleaned_data if probe.is_bound and probe.form.is_valid() else {}
    group = cleaned.get("group") or TrainingGroup.MEMBERS
    year = int(cleaned.get("year") or today.year)
    code = (cleaned.get("org") or "").strip()
    org = scoped(Org, user).filter(code=code).first() if code else None
    target = applicable_target(user, group, year, org=org)
    min_hours = target.min_hours if target is not None else ZERO
    hours = (
        group_attendance(group, year)
        .filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    people = (
        group_people(user, group, as_of(year, today))
        .exclude(pk__in=trained_ids(group, year, min_hours))
        .annotate(group_hours=Coalesce(Subquery(hours, output_field=HOURS), Value(ZERO), output_field=HOURS))
        .select_related("org")
    )
    filterset = NotTrainedFilter(params or None, queryset=people)
    return NotTrained(filterset, filterset.qs.order_by("org_path", "id"), group, year, target)
