"""Training data for tests: in every branch a class run by the branch, two members enrolled (one attended), and a
yearly rotation target (shared by the training tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.orglife.choices import TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, RotationTarget, TrainingClass
from dangjian.orglife.services import training as services


def training_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        training = services.training_class_create(
            actor=None,
            org=org,
            title="学习贯彻党章专题培训",
            organiser="支部委员会",
            place="党群服务中心",
            kind=TrainingKind.MEETING,
            group=TrainingGroup.MEMBERS,
            starts_on=today - dt.timedelta(days=1),
            ends_on=today,
            hours=Decimal("4.0"),
        )
        attended = services.enrolment_create(actor=None, training=training, person=tree.people[key][0])
        enrolled = services.enrolment_create(actor=None, training=training, person=tree.people[key][1])
        services.attendance_mark(actor=None, enrolment=attended, attended=True)
        target = services.rotation_target_set(
            actor=None, org=org, year=today.year, group=TrainingGroup.MEMBERS, note="年内全部轮训一遍"
        )
        found[key] = (training, [attended, enrolled], target)
    training, enrolments, target = found["a1"]
    return {TrainingClass: [training], Enrolment: enrolments, RotationTarget: [target]}
