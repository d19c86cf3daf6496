"""Demo training: about a dozen county and township classes over the last year (some at the 干部学院 of 大别山 and
红旗渠), secretaries, first secretaries and village cadres enrolled (most attended, their hours in the study ledger),
and the county's rotation targets for this year."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org
from dangjian.orglife.choices import EnrolmentStatus, StudySource, TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, RotationTarget, StudyLog, TrainingClass
from dangjian.orglife.selectors.training import group_people_under

G, K = TrainingGroup, TrainingKind

# (title, place, kind, group, days, hours, days before today it ended)
COUNTY_CLASSES = (
    ("村(社区)党组织书记示范培训班", "大别山干部学院", K.CONCENTRATED, G.SECRETARIES, 5, "40", 300),
    ("第一书记能力提升培训班", "红旗渠干部学院", K.CONCENTRATED, G.FIRST_SECRETARIES, 4, "32", 200),
    ("村(社区)干部乡村振兴专题培训班", "焦裕禄干部学院", K.EXPERT, G.VILLAGE_CADRES, 3, "24", 120),
    ("基层党组织书记学习贯彻党章党规专题培训", "县委党校", K.CONCENTRATED, G.SECRETARIES, 3, "24", 40),
    ("村(社区)干部红色教育现场教学", "红旗渠干部学院", K.ON_SITE, G.VILLAGE_CADRES, 2, "16", 15),
)
TOWNSHIP_CLASSES = (
    ("村干部业务能力培训", "镇党群服务中心", K.MEETING, G.VILLAGE_CADRES, 1, "6", 250),
    ("党员冬春训集中学习", "镇党校", K.CONCENTRATED, G.VILLAGE_CADRES, 2, "12", 80),
    ("观看警示教育片", "镇党群服务中心", K.VIDEO, G.VILLAGE_CADRES, 1, "3", 25),
    ("外出参观学习先进村", "兄弟乡镇示范村", K.VISIT, G.VILLAGE_CADRES, 1, "8", 10),
)
TOWNSHIPS_WITH_CLASSES = 7
ENROLMENT_COLUMNS = ("county_id", "org_path", "class_path", "training_id", "person_id", "status", "hours")
STUDY_LOG_COLUMNS = ("county_id", "org_path", "person_id", "day", "year", "hours", "source", "ref", "note")


def _enrolments(training: TrainingClass, people: list[tuple[int, str]], rng: random.Random) -> list[tuple[Any, ...]]:
    """(county, path, class path, class, person, status, hours) rows: most attended, a few left early or missed it."""
    rows = []
    half = (training.hours / 2).quantize(Decimal("0.1"))
    for person_id, org_path in people:
        roll = rng.random()
        if roll < 0.08:
            status, hours = EnrolmentStatus.ABSENT, Decimal("0.0")
        elif roll < 0.12:
            status, hours = EnrolmentStatus.ATTENDED, half
        else:
            status, hours = EnrolmentStatus.ATTENDED, training.hours
        rows.append((training.county_id, org_path, training.org_path, training.pk, person_id, str(status), hours))
    return rows


def _class(county: Org, org: Org, spec: tuple, today: dt.date, organiser: str) -> TrainingClass:
    title, place, kind, group, days, hours, ago = spec
    ends_on = today - dt.timedelta(days=ago)
    return TrainingClass(
        county_id=county.pk,
        org=org,
        org_path=org.path,
        title=title,
        organiser=organiser,
        place=place,
        kind=kind,
        group=group,
        starts_on=ends_on - dt.timedelta(days=days - 1),
        ends_on=ends_on,
        hours=Decimal(hours),
    )


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add classes, enrolments, the study ledger's training hours and rotation targets (set-based)."""
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"))
    classes = [_class(county, county, spec, today, "县委组织部") for spec in COUNTY_CLASSES]
    for township in rng.sample(townships, min(TOWNSHIPS_WITH_CLASSES, len(townships))):
        spec = rng.choice(TOWNSHIP_CLASSES)
        classes.append(_class(county, township, spec, today, township.name))
    TrainingClass.objects.bulk_create(classes, batch_size=5000)

    members: dict[tuple[str, str], list[tuple[int, str]]] = {}
    enrolments: list[tuple[Any, ...]] = []
    for training in classes:
        key = (training.org_path, training.group)
        if key not in members:
            people = group_people_under(training.org_path, training.group, county_id=county.pk, today=today)
            # enrolment is for members of the class org's subtree (a first secretary from a county office is the
            # county's to train)
            rows = people.order_by("id").values_list("id", "org_path")
            members[key] = [row for row in rows if row[1].startswith(training.org_path)]
        share = 0.9 if training.org_path == county.path else 1.0
        chosen = [row for row in members[key] if rng.random() < share]
        enrolments.extend(_enrolments(training, chosen, rng))
    insert_rows(Enrolment, ENROLMENT_COLUMNS, enrolments)

    by_pk = {training.pk: training for training in classes}
    attended = (
        Enrolment.objects.filter(training__in=classes, status=EnrolmentStatus.ATTENDED)
        .order_by("id")
        .values_list("id", "training_id", "person_id", "org_path", "hours")
    )
    logs = insert_rows(
        StudyLog,
        STUDY_LOG_COLUMNS,
        (
            (
                county.pk,
                org_path,
                person_id,
                by_pk[training_id].ends_on,
                by_pk[training_id].ends_on.year,
                hours,
                str(StudySource.TRAINING),
                f"enrolment:{pk}",
                by_pk[training_id].title,
            )
            for pk, training_id, person_id, org_path, hours in attended
        ),
    )

    targets = [
        RotationTarget(
            county_id=county.pk,
            org=county,
            org_path=county.path,
            year=today.year,
            group=group,
            min_hours=Decimal(hours),
            note=note,
        )
        for group, hours, note in (
            (G.VILLAGE_CADRES, "0", "村(社区)干部年内全部轮训一遍"),
            (G.SECRETARIES, "24", "村(社区)党组织书记年内全部轮训一遍,每人不少于24学时"),
            (G.FIRST_SECRETARIES, "0", "第一书记年内全部轮训一遍"),
        )
    ]
    RotationTarget.objects.bulk_create(targets, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "training",
            "classes": len(classes),
            "enrolments": len(enrolments),
            "study_logs": logs,
            "targets": len(targets),
        },
    )
