"""Training through the services and selectors: classes (validation, permission, audit), enrolment and attendance
(hours to the study ledger and the points, taken back on absence), rotation groups and coverage, the figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, OrgDomain, PostTitle, Role, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.core.services import post_create
from dangjian.orglife.choices import EnrolmentStatus, PointSource, StudySource, TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, PointEntry, PointItem, PointScheme, StudyLog, TrainingClass
from dangjian.orglife.selectors import training as selectors
from dangjian.orglife.services import training as services
from tests.core.factories import make_account, make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def make_class(tree, org=None, *, who="county", **values):
    data = {
        "title": "村(社区)党组织书记示范培训班",
        "organiser": "县委组织部",
        "place": "大别山干部学院",
        "kind": TrainingKind.CONCENTRATED,
        "group": TrainingGroup.SECRETARIES,
        "starts_on": dt.date(2026, 3, 10),
        "ends_on": dt.date(2026, 3, 14),
        "hours": Decimal("40"),
    }
    data.update(values)
    actor = tree.accounts[who] if who else None
    return services.training_class_create(actor=actor, org=org or tree.county, **data)


def training_scheme(tree):
    scheme = PointScheme.objects.create(
        county=tree.county,
        county_path=tree.county.path,
        category="ordinary",
        name="普通党员积分方案",
        effective_from=dt.date(2026, 1, 1),
    )
    return PointItem.objects.create(scheme=scheme, name="参加培训", source=PointSource.TRAINING, points=Decimal("3"))


def test_a_class_is_validated_and_audited(tree, today):
    with pytest.raises(ValidationError) as refused:
        make_class(tree, title=" ", starts_on=dt.date(2026, 3, 10), ends_on=dt.date(2026, 3, 9), hours=Decimal("0"))
    assert refused.value.message_dict == {
        "title": ["请填写培训主题"],
        "ends_on": ["结束日期不能早于开始日期"],
        "hours": ["学时应大于0"],
    }
    with pytest.raises(ValidationError) as refused:
        make_class(tree, starts_on=dt.date(2026, 3, 10), ends_on=dt.date(2026, 3, 10), hours=Decimal("24.5"))
    assert refused.value.message_dict == {"hours": ["学时不能超过培训天数×24(本班1天,最多24学时)"]}
    training = make_class(tree, starts_on=dt.date(2026, 3, 10), ends_on=dt.date(2026, 3, 10), hours=Decimal("24"))
    assert (training.county_id, training.org_path) == (tree.county.pk, tree.county.path)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="orglife.trainingclass", object_id=str(training.pk)
    ).exists()


def test_only_a_manager_of_the_org_runs_its_classes(tree, today):
    with pytest.raises(PermissionDenied):
        make_class(tree, tree.village_a1, who="secretary_a2")
    with pytest.raises(PermissionDenied):
        make_class(tree, tree.village_a1, who="member_a1")
    training = make_class(tree, tree.village_a1, who="secretary_a1")
    with pytest.raises(PermissionDenied):
        services.training_class_update(actor=tree.accounts["secretary_a2"], training=training, title="改")
    assert TrainingClass.objects.get(pk=training.pk).title == "村(社区)党组织书记示范培训班"


def test_enrolment_is_limited_to_the_class_orgs_subtree(tree, today):
    training = make_class(tree, tree.town_a, who="town_a")
    secretary = tree.accounts["town_a"]
    person = tree.people["a1"][0]
    enrolment = services.enrolment_create(actor=secretary, training=training, person=person)
    assert (enrolment.org_path, enrolment.class_path) == (tree.village_a1.path, tree.town_a.path)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_create(actor=secretary, training=training, person=person)
    assert refused.value.message_dict == {"person": [f"{person.name}已报名该培训班"]}
    outsider = tree.people["b1"][0]
    with pytest.raises(ValidationError) as refused:
        services.enrolment_create(actor=None, training=training, person=outsider)
    assert refused.value.message_dict == {"person": [f"{outsider.name}不在东城镇党委的管理范围内"]}
    gone = tree.people["a2"][1]
    Person.objects.filter(pk=gone.pk).update(standing=Standing.DECEASED)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_create(actor=secretary, training=training, person=gone)
    assert "已列入历史名册" in refused.value.message_dict["person"][0]


def test_a_whole_branch_is_enrolled_at_once_and_not_twice(tree, today):
    training = make_class(tree, tree.town_a, who="town_a", group=TrainingGroup.MEMBERS)
    services.enrolment_create(actor=None, training=training, person=tree.people["a1"][0])
    entries = AuditEntry.objects.count()
    count = services.enrol_branch(actor=tree.accounts["town_a"], training=training, branch=tree.village_a1)
    assert count == 2
    assert Enrolment.objects.filter(training=training).count() == 3
    assert AuditEntry.objects.count() == entries + 2
    assert services.enrol_branch(actor=None, training=training, branch=tree.village_a1) == 0
    with pytest.raises(ValidationError) as refused:
        services.enrol_branch(actor=None, training=training, branch=tree.community_b1)
    assert refused.value.message_dict == {"branch": ["西关街道和平社区党支部不在东城镇党委的管理范围内"]}


def test_a_group_is_enrolled_at_once(tree, today):
    for key, org in (("a1", tree.village_a1), ("b1", tree.community_b1)):
        post_create(
            actor=None, person=tree.people[key][0], org=org, title=PostTitle.SECRETARY, term_start=dt.date(2021, 1, 1)
        )
    training = make_class(tree)
    assert services.enrol_group(actor=tree.accounts["county"], training=training, group=TrainingGroup.SECRETARIES) == 2
    enrolled = set(training.enrolments.values_list("person_id", flat=True))
    assert enrolled == {tree.people["a1"][0].pk, tree.people["b1"][0].pk}


def test_attendance_credits_hours_and_points_and_absence_takes_them_back(tree, today):
    item = training_scheme(tree)
    training = make_class(tree)
    person = tree.people["a1"][1]
    enrolment = services.enrolment_create(actor=None, training=training, person=person)
    county = tree.accounts["county"]
    services.attendance_mark(actor=county, enrolment=enrolment, attended=True)
    log = StudyLog.objects.get(person=person, source=StudySource.TRAINING)
    assert (log.ref, log.day, log.hours, log.year) == (f"enrolment:{enrolment.pk}", dt.date(2026, 3, 14), 40, 2026)
    entry = PointEntry.objects.get(person=person, source=PointSource.TRAINING)
    assert (entry.item, entry.points, entry.ref) == (item, Decimal("3.0"), f"enrolment:{enrolment.pk}")
    services.attendance_mark(actor=county, enrolment=enrolment, attended=True, hours=Decimal("32"))
    assert StudyLog.objects.get(person=person).hours == Decimal("32.0")
    with pytest.raises(ValidationError) as refused:
        services.attendance_mark(actor=county, enrolment=enrolment, attended=True, hours=Decimal("40.5"))
    assert refused.value.message_dict == {"hours": ["参训学时不能超过培训班学时(40.0)"]}
    services.attendance_mark(actor=county, enrolment=enrolment, attended=False)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.hours) == (EnrolmentStatus.ABSENT, Decimal("0.0"))
    assert not StudyLog.objects.filter(person=person).exists()
    assert not PointEntry.objects.filter(person=person).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="orglife.studylog").exists()


def test_attendance_is_recorded_from_the_first_day(tree, settings):
    training = make_class(tree, who=None, starts_on=dt.date(2026, 3, 10), ends_on=dt.date(2026, 3, 12))
    enrolment = services.enrolment_create(actor=None, training=training, person=tree.people["a1"][0])
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 9)
    with pytest.raises(ValidationError) as refused:
        services.attendance_mark(actor=None, enrolment=enrolment, attended=True)
    assert refused.value.message_dict == {"status": ["培训班2026-03-10开班,开班前不能登记参训情况"]}
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 10)
    assert services.attendance_mark(actor=None, enrolment=enrolment, attended=True).status == EnrolmentStatus.ATTENDED


def test_moving_the_class_moves_the_hours_and_its_hours_keep_those_credited(tree, today):
    training = make_class(tree)
    enrolment = services.enrolment_create(actor=None, training=training, person=tree.people["a1"][0])
    services.attendance_mark(actor=None, enrolment=enrolment, attended=True, hours=Decimal("36"))
    with pytest.raises(ValidationError) as refused:
        services.training_class_update(actor=tree.accounts["county"], training=training, hours=Decimal("30"))
    assert refused.value.message_dict == {"hours": ["已有参训人员登记了36.0学时,培训班学时不能少于此数"]}
    services.training_class_update(
        actor=tree.accounts["county"], training=training, ends_on=dt.date(2026, 3, 15), hours=Decimal("48")
    )
    assert StudyLog.objects.get(person=tree.people["a1"][0]).day == dt.date(2026, 3, 15)


def test_a_class_with_attendance_is_not_deleted(tree, today):
    training = make_class(tree)
    enrolment = services.enrolment_create(actor=None, training=training, person=tree.people["a1"][0])
    services.attendance_mark(actor=None, enrolment=enrolment, attended=False)
    with pytest.raises(ValidationError) as refused:
        services.training_class_delete(actor=tree.accounts["county"], training=training)
    assert refused.value.message_dict == {"training": ["该培训班已登记参训情况,不能删除"]}
    other = make_class(tree)
    services.enrolment_create(actor=None, training=other, person=tree.people["a1"][0])
    services.training_class_delete(actor=tree.accounts["county"], training=other)
    assert not TrainingClass.objects.filter(pk=other.pk).exists()
    deleted = AuditEntry.objects.filter(action=AuditAction.DELETE)
    assert set(deleted.values_list("object_type", flat=True)) == {"orglife.trainingclass", "orglife.enrolment"}


def test_an_attended_enrolment_is_not_withdrawn(tree, today):
    training = make_class(tree)
    enrolment = services.enrolment_create(actor=None, training=training, person=tree.people["a1"][0])
    services.attendance_mark(actor=None, enrolment=enrolment, attended=True)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_delete(actor=tree.accounts["county"], enrolment=enrolment)
    assert refused.value.message_dict == {"status": ["已登记参训的人员不能取消报名,请改为未参训"]}


def test_rotation_groups_follow_current_posts(tree, today):
    a1, a2, b1 = tree.people["a1"], tree.people["a2"], tree.people["b1"]
    start = dt.date(2021, 1, 1)
    post_create(actor=None, person=a1[0], org=tree.village_a1, title=PostTitle.SECRETARY, term_start=start)
    post_create(actor=None, person=a1[1], org=tree.village_a1, title=PostTitle.ORGANISATION_MEMBER, term_start=start)
    post_create(actor=None, person=b1[0], org=tree.community_b1, title=PostTitle.SECRETARY, term_start=start)
    # a post that ended yesterday counts no more; one ending today still does
    post_create(
        actor=None, person=a2[0], org=tree.village_a2, title=PostTitle.SECRETARY, term_start=start, term_end=TODAY
    )
    post_create(
        actor=None,
        person=a2[1],
        org=tree.village_a2,
        title=PostTitle.FIRST_SECRETARY,
        term_start=start,
        term_end=TODAY - dt.timedelta(days=1),
    )
    office = make_org(tree.county, "J001", "县财政局机关党支部", domain=OrgDomain.GOVERNMENT)
    clerk = make_person(office)
    post_create(actor=None, person=clerk, org=office, title=PostTitle.SECRETARY, term_start=start)
    county = tree.accounts["county"]

    def ids(group):
        return set(selectors.group_people(county, group, TODAY).values_list("pk", flat=True))

    assert ids(TrainingGroup.SECRETARIES) == {a1[0].pk, b1[0].pk, a2[0].pk, clerk.pk}
    assert ids(TrainingGroup.VILLAGE_CADRES) == {a1[0].pk, a1[1].pk, b1[0].pk, a2[0].pk}
    assert ids(TrainingGroup.FIRST_SECRETARIES) == set()
    assert len(ids(TrainingGroup.MEMBERS)) == 8
    assert ids(TrainingGroup.SECRETARIES) & set(
        selectors.group_people(tree.accounts["secretary_a1"], TrainingGroup.SECRETARIES, TODAY).values_list(
            "pk", flat=True
        )
    ) == {a1[0].pk}


def test_coverage_counts_who_attended_a_class_of_the_group_this_year(tree, today):
    start = dt.date(2021, 1, 1)
    cadres = [tree.people["a1"][0], tree.people["a1"][1], tree.people["b1"][0]]
    for person in cadres:
        post_create(actor=None, person=person, org=person.org, title=PostTitle.COMMITTEE_MEMBER, term_start=start)
    target = services.rotation_target_set(
        actor=tree.accounts["county"], org=tree.county, year=2026, group=TrainingGroup.VILLAGE_CADRES
    )
    training = make_class(tree, group=TrainingGroup.VILLAGE_CADRES, hours=Decimal("16"))
    last_year = make_class(
        tree, group=TrainingGroup.VILLAGE_CADRES, starts_on=dt.date(2025, 12, 1), ends_on=dt.date(2025, 12, 3)
    )
    other_group = make_class(tree, group=TrainingGroup.MEMBERS)
    for klass, person in ((training, cadres[0]), (last_year, cadres[1]), (other_group, cadres[2])):
        enrolment = services.enrolment_create(actor=None, training=klass, person=person)
        services.attendance_mark(actor=None, enrolment=enrolment, attended=True)
    county = tree.accounts["county"]
    coverage = selectors.coverage_of(county, target)
    assert (coverage.trained, coverage.total, coverage.text) == (1, 3, "1/3 (33.3%)")
    town = selectors.coverage_of(tree.accounts["town_a"], target)
    assert (town.trained, town.total) == (1, 2)
    missing = selectors.not_trained(county, {"group": "village_cadres"})
    assert set(missing.people.values_list("pk", flat=True)) == {cadres[1].pk, cadres[2].pk}
    # a minimum of hours: 16 attended meets 16, not 16.5
    services.rotation_target_set(
        actor=None, org=tree.county, year=2026, group=TrainingGroup.VILLAGE_CADRES, min_hours=Decimal("16")
    )
    target.refresh_from_db()
    assert selectors.coverage_of(county, target).trained == 1
    services.rotation_target_set(
        actor=None, org=tree.county, year=2026, group=TrainingGroup.VILLAGE_CADRES, min_hours=Decimal("16.5")
    )
    target.refresh_from_db()
    assert selectors.coverage_of(county, target).trained == 0
    missing = selectors.not_trained(county, {"group": "village_cadres", "year": "2026"})
    assert missing.target == target and missing.people.count() == 3
    assert {p.pk: p.group_hours for p in missing.people}[cadres[0].pk] == Decimal("16.0")


def test_rotation_target_validation_and_permission(tree, today):
    with pytest.raises(ValidationError) as refused:
        services.rotation_target_set(
            actor=tree.accounts["county"], org=tree.county, year=1999, group="cooks", min_hours=Decimal("-1")
        )
    assert refused.value.message_dict == {
        "year": ["年度应为2000至2099之间的年份"],
        "group": ["请选择培训对象"],
        "min_hours": ["每人至少学时不能为负数"],
    }
    with pytest.raises(PermissionDenied):
        services.rotation_target_set(
            actor=tree.accounts["secretary_a1"], org=tree.county, year=2026, group=TrainingGroup.MEMBERS
        )
    services.rotation_target_set(actor=tree.accounts["secretary_a1"], org=tree.village_a1, year=2026, group="members")
    # a branch sees the county's target and its own, not another branch's
    services.rotation_target_set(actor=None, org=tree.county, year=2026, group=TrainingGroup.SECRETARIES)
    services.rotation_target_set(actor=None, org=tree.village_a2, year=2026, group=TrainingGroup.MEMBERS)
    seen = selectors.visible_targets(tree.accounts["secretary_a1"])
    assert {t.org.code for t in seen} == {"C001", "V001"}


def test_figures_and_the_report_sentence(tree, today):
    classes = [make_class(tree, group=TrainingGroup.MEMBERS, hours=Decimal("8")) for _ in range(2)]
    for training in classes:
        services.enrol_branch(actor=None, training=training, branch=tree.county)
        services.attendance_mark_all(actor=None, training=training)
    services.attendance_mark(actor=None, enrolment=classes[1].enrolments.first(), attended=False)
    filterset, listed = selectors.class_list(tree.accounts["county"], {"year": "2026", "group": "members"})
    figures = selectors.class_figures(filterset.qs, subject="农村党员")
    assert (figures.classes, figures.person_times, figures.hours) == (2, 13, Decimal("16.0"))
    assert figures.attended_hours == Decimal("104.0")
    assert figures.sentence == "组织农村党员13人次开展培训2期"
    assert {c.person_times for c in listed} == {7, 6}
    _, listed = selectors.class_list(tree.accounts["county"], {"kind": TrainingKind.VIDEO})
    assert not listed.exists()


def test_a_branch_sees_the_county_class_its_members_took_and_only_their_enrolments(tree, today):
    training = make_class(tree, group=TrainingGroup.MEMBERS)
    services.enrol_branch(actor=None, training=training, branch=tree.town_a)
    secretary = tree.accounts["secretary_a2"]
    _, listed = selectors.class_list(secretary, {})
    assert [c.pk for c in listed] == [training.pk]
    _, enrolments = selectors.enrolment_list(secretary, {}, training=training)
    assert {e.person.org_id for e in enrolments} == {tree.village_a2.pk}
    _, listed = selectors.class_list(make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY), {})
    assert not listed.exists()


def test_members_on_the_roll_only_are_in_the_members_group(tree, today):
    person = tree.people["a1"][2]
    Person.objects.filter(pk=person.pk).update(standing=Standing.SUSPENDED)
    ids = set(
        selectors.group_people(tree.accounts["county"], TrainingGroup.MEMBERS, TODAY).values_list("pk", flat=True)
    )
    assert person.pk not in ids and len(ids) == 6
