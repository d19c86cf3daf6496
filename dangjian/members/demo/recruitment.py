"""Demo 发展党员: the county's 六评三定 settings and the townships' quotas; the recruitment history of the members
who joined recently (预备党员 at their step, members confirmed this past year with all 25 steps); and applicants on
the way in about a third of the branches, at every stage, with a few talks and reviews overdue and a few stopped.

Set-based (bulk_create) and deterministic for the same rng and today. Dates keep every hard rule of rules.md
RECRUIT, so the records read as if entered through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dangjian.core import audit, crypto
from dangjian.core.choices import BRANCH_KINDS, AuditAction, Education, Gender, MemberStatus, Occupation, OrgLevel
from dangjian.core.demo.names import person_name
from dangjian.core.models import Org, Person
from dangjian.core.rules import ADULT_AGE, add_years, make_id_number, mask_id_number
from dangjian.members import rules
from dangjian.members.choices import ApplicantStatus, ProbationDecision, RecruitRole, TrainingMode
from dangjian.members.models import (
    Applicant,
    CandidateScore,
    RecruitPerson,
    RecruitSetting,
    RecruitStep,
    ScoreItem,
    TownshipQuota,
)

DAY = dt.timedelta(days=1)
# 六评: the six items the township scores candidates on (weight, maximum).
SCORE_ITEMS = (
    ("政治素质", Decimal("1.5"), Decimal(20)),
    ("道德品行", Decimal(1), Decimal(15)),
    ("工作实绩", Decimal(1), Decimal(20)),
    ("群众评议", Decimal(1), Decimal(15)),
    ("党员评议", Decimal(1), Decimal(10)),
    ("支部评议", Decimal(1), Decimal(10)),
)
PASS_MARK = Decimal(60)
# Gaps in days before each step (low, high); step 6 repeats about every half year, 21 a few times.
GAPS = {
    2: (4, 26),
    3: (60, 200),
    4: (3, 10),
    5: (2, 8),
    8: (3, 10),
    9: (5, 15),
    10: (15, 40),
    11: (10, 40),
    12: (5, 15),
    13: (5, 20),
    14: (3, 10),
    15: (5, 20),
    16: (10, 30),
    17: (20, 75),
    18: (5, 15),
    19: (3, 10),
    20: (5, 30),
    24: (10, 60),
    25: (5, 20),
}
COMMITTEE_NOTES = {4: "已报乡镇党委备案", 8: "已报乡镇党委备案", 18: "已报县委组织部备案"}
STEP_NOTES = {
    1: "本人递交书面入党申请书",
    2: "支部委员与申请人谈话,了解入党动机",
    3: "经党员推荐,支部委员会研究确定为入党积极分子",
    6: "支部听取培养联系人汇报,进行半年考察",
    7: "听取党小组、培养联系人和群众意见,支部委员会确定为发展对象",
    10: "政治审查合格,形成结论性材料",
    11: "参加乡镇党校集中培训",
    12: "支部委员会对发展对象进行审查",
    14: "在入党介绍人指导下填写入党志愿书",
    15: "支部党员大会讨论,无记名投票表决通过",
    19: "编入所在党小组",
    20: "在支部组织下面向党旗进行入党宣誓",
    21: "支部定期听取思想汇报",
    22: "本人提出书面转正申请",
    23: "支部党员大会讨论,同意按期转正",
    25: "入党材料整理归档",
}
STOP_REASONS = ("本人外出务工,申请暂缓", "本人撤回入党申请", "考察期间表现不符合条件,支部研究终止培养")


@dataclass
class Branch:
    org: Org
    township: Org | None
    formal: list[tuple[int, dt.date]] = field(default_factory=list)  # (person, confirmed on)


@dataclass
class Batch:
    applicants: list[Applicant] = field(default_factory=list)
    steps: list[list[RecruitStep]] = field(default_factory=list)
    people: list[list[tuple[int, str, int]]] = field(default_factory=list)  # (person, role, step number)
    scores: list[list[Decimal]] = field(default_factory=list)


def _schedule(
    rng: random.Random, *, until: int, start: dt.date | None = None, resolution: dt.date | None = None
) -> list[tuple[int, dt.date]]:
    """Dates of steps 1…`until`, from the application (`start`) or pinned so that the branch meeting (15) falls on
    `resolution`; every period of rules.md RECRUIT is kept (a candidate at least a year after becoming an
    activist, 转正 discussed when the year of probation is over)."""
    offsets: list[tuple[int, int]] = [(1, 0)]
    day = 0
    for number in range(2, min(until, 21) + 1):
        if number == 6:
            reviews = rng.randint(1, 2)
            for _ in range(reviews):
                day += rng.randint(150, 180)
                offsets.append((6, day))
            continue
        if number == 7:
            activist = next(offset for n, offset in offsets if n == 3)
            day = max(day + rng.randint(5, 30), activist + rng.randint(370, 430))
        elif number == 21:
            day += rng.randint(80, 150)
        else:
            low, high = GAPS[number]
            day += rng.randint(low, high)
        offsets.append((number, day))
    if resolution is not None:
        start = resolution - dt.timedelta(days=next(offset for n, offset in offsets if n == 15))
    assert start is not None
    dates = [(number, start + dt.timedelta(days=offset)) for number, offset in offsets]
    if until >= 21:
        end = rules.probation_end(next(day for n, day in dates if n == 15))
        last_21 = dates[-1][1]
        while until >= 22 and last_21 + dt.timedelta(days=130) < end - dt.timedelta(days=30):
            last_21 += dt.timedelta(days=rng.randint(90, 130))
            dates.append((21, last_21))
        if until >= 22:
            dates.append((22, max(last_21, end - dt.timedelta(days=rng.randint(5, 20)))))
        if until >= 23:
            dates.append((23, end + dt.timedelta(days=rng.randint(0, 10))))
        for number in range(24, until + 1):
            low, high = GAPS[number]
            dates.append((number, dates[-1][1] + dt.timedelta(days=rng.randint(low, high))))
    return dates


def _township_of(org: Org, townships: list[Org]) -> Org | None:
    return next((town for town in townships if org.path.startswith(town.path)), None)


def _branches(county: Org) -> list[Branch]:
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"))
    orgs = Org.objects.filter(county=county, kind__in=BRANCH_KINDS, is_dissolved=False).order_by("path")
    branches = {org.pk: Branch(org, _township_of(org, townships)) for org in orgs}
    formal = Person.objects.filter(county=county, status=MemberStatus.FULL, standing="normal", org_id__in=branches)
    for person_id, org_id, confirmed_on, joined_on in formal.order_by("id").values_list(
        "id", "org_id", "confirmed_on", "joined_on"
    ):
        branches[org_id].formal.append((person_id, confirmed_on or joined_on))
    return list(branches.values())


def _votes(rng: random.Random, entitled: int) -> dict[str, int]:
    present = max(entitled // 2 + 1, entitled - rng.randint(0, max(entitled // 5, 1)))
    present = min(present, entitled)
    no = rng.choice((0, 0, 0, 1)) if present > 3 else 0
    return {
        "vote_entitled": entitled,
        "vote_present": present,
        "vote_yes": present - no,
        "vote_no": no,
        "vote_abstain": 0,
    }


class Builder:
    def __init__(self, county: Org, *, today: dt.date, rng: random.Random, six_three: bool) -> None:
        self.county, self.today, self.rng, self.six_three = county, today, rng, six_three
        self.batch = Batch()
        self.region = county.code[:6]
        self.used_indexes = set(Person.objects.filter(county=county).values_list("id_number_index", flat=True))

    def new_identity(self, applied_on: dt.date) -> dict:
        rng = self.rng
        male = rng.random() < 0.62
        birth = add_years(applied_on, -rng.randint(19, 42)) - dt.timedelta(days=rng.randrange(365))
        for _attempt in range(50):
            number = make_id_number(region=self.region, birth_date=birth, sequence=rng.randrange(1000), is_male=male)
            index = crypto.blind_index(number)
            if index not in self.used_indexes:
                self.used_indexes.add(index)
                break
        education = rng.choices(
            [Education.BACHELOR, Education.JUNIOR_COLLEGE, Education.HIGH_SCHOOL, Education.SECONDARY_VOCATIONAL],
            [35, 30, 25, 10],
        )[0]
        occupation = rng.choices(
            [Occupation.FARMER, Occupation.WORKER, Occupation.PROFESSIONAL, Occupation.MANAGER, Occupation.OTHER],
            [40, 20, 15, 10, 15],
        )[0]
        return {
            "name": person_name(rng, male=male, birth_year=birth.year),
            "gender": Gender.MALE if male else Gender.FEMALE,
            "birth_date": birth,
            "education": education,
            "occupation": occupation,
            "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            "id_number_encrypted": crypto.encrypt(number),
            "id_number_index": index,
            "id_number_masked": mask_id_number(number),
        }

    def add(self, branch: Branch, dates: list[tuple[int, dt.date]], identity: dict, **extra: object) -> Applicant:
        rng, org = self.rng, branch.org
        last = dates[-1][0]
        first_on = {number: day for number, day in reversed(dates)}
        last_on = dict(dates)
        applicant = Applicant(
            county_id=self.county.pk,
            org=org,
            org_path=org.path,
            trainer_path="",
            training_mode=TrainingMode.OWN,
            status=ApplicantStatus.IN_PROGRESS,
            step=last,
            applied_on=dates[0][1],
            talked_on=last_on.get(2),
            activist_on=last_on.get(3),
            last_review_on=last_on.get(6) or last_on.get(3),
            candidate_on=last_on.get(7),
            resolution_on=last_on.get(15),
            approved_on=last_on.get(17),
            **identity,
        )
        if applicant.resolution_on:
            applicant.status = ApplicantStatus.PROBATIONARY
            applicant.probation_ends_on = rules.probation_end(applicant.resolution_on)
        for key, value in extra.items():
            setattr(applicant, key, value)
        steps = []
        entitled = max(len(branch.formal), 3)
        for number, day in dates:
            committee = number in rules.COMMITTEE_STEPS
            step = RecruitStep(
                county_id=self.county.pk,
                org_path=org.path,
                number=number,
                done_on=day,
                org=(branch.township or org) if committee else org,
                note=COMMITTEE_NOTES.get(number) or STEP_NOTES.get(number, ""),
            )
            if number in rules.VOTE_STEPS:
                for attr, value in _votes(rng, entitled).items():
                    setattr(step, attr, value)
            if number in rules.CHECK_STEPS:
                step.passed = True
            if number == 11:
                step.training_days, step.training_hours = (
                    Decimal(rng.choice((3, 3, 4, 5))),
                    Decimal(rng.choice((24, 32))),
                )
            if number == 23:
                step.decision = ProbationDecision.CONFIRM
            steps.append(step)
        people = []
        own = extra.get("person_id")
        for number, role, count in (
            (2, RecruitRole.TALKER, 1),
            (5, RecruitRole.CONTACT, 1),
            (9, RecruitRole.INTRODUCER, 2),
        ):
            if number not in first_on:
                continue
            # 正式党员 on the day of the step, never the applicant themself.
            formal = [pk for pk, since in branch.formal if since <= first_on[number] and pk != own]
            if len(formal) >= count:
                people.extend((person_id, role, number) for person_id in rng.sample(formal, count))
        scores: list[Decimal] = []
        if self.six_three and last >= 12:
            scores = [
                Decimal(rng.randint(int(maximum * Decimal("0.7")), int(maximum))) for _n, _w, maximum in SCORE_ITEMS
            ]
            applicant.score = rules.weighted_total(
                (score, weight) for score, (_n, weight, _m) in zip(scores, SCORE_ITEMS, strict=True)
            )
            applicant.inspected_on = first_on[11] + dt.timedelta(days=rng.randint(1, 3))
            if applicant.inspected_on >= first_on[12]:
                applicant.inspected_on = first_on[12] - DAY
            if last >= 15:
                applicant.nominated_on = max(first_on[14], applicant.inspected_on)
                applicant.quota_year = applicant.nominated_on.year
        self.batch.applicants.append(applicant)
        self.batch.steps.append(steps)
        self.batch.people.append(people)
        self.batch.scores.append(scores)
        return applicant

    def write(self) -> dict[str, int]:
        batch = self.batch
        Applicant.objects.bulk_create(batch.applicants, batch_size=1000)
        steps, people, scores = [], [], []
        items = list(ScoreItem.objects.filter(county=self.county, active=True).order_by("order", "id"))
        for applicant, its_steps, its_people, its_scores in zip(
            batch.applicants, batch.steps, batch.people, batch.scores, strict=True
        ):
            for step in its_steps:
                step.applicant = applicant
            steps.extend(its_steps)
            for person_id, role, number in its_people:
                people.append((applicant, person_id, role, number))
            for item, score in zip(items, its_scores, strict=False):
                scored_on = applicant.inspected_on - dt.timedelta(days=self.rng.randint(1, 5))
                scores.append(CandidateScore(applicant=applicant, item=item, score=score, scored_on=scored_on))
        RecruitStep.objects.bulk_create(steps, batch_size=2000)
        first_step = {}
        for step in steps:
            first_step.setdefault((step.applicant_id, step.number), step)
        links = []
        seen = set()
        for applicant, person_id, role, number in people:
            if (applicant.pk, person_id, role) in seen:
                continue
            seen.add((applicant.pk, person_id, role))
            step = first_step[(applicant.pk, number)]
            links.append(
                RecruitPerson(applicant=applicant, person_id=person_id, role=role, step=step, since=step.done_on)
            )
        RecruitPerson.objects.bulk_create(links, batch_size=2000)
        CandidateScore.objects.bulk_create(scores, batch_size=2000)
        return {"applicants": len(batch.applicants), "steps": len(steps), "people": len(links), "scores": len(scores)}


def _settings(county: Org) -> None:
    RecruitSetting.objects.update_or_create(county=county, defaults={"six_three": True, "pass_mark": PASS_MARK})
    for order, (name, weight, maximum) in enumerate(SCORE_ITEMS, start=1):
        ScoreItem.objects.update_or_create(
            county=county, name=name, defaults={"weight": weight, "max_score": maximum, "order": order}
        )


def _history_of_recent_members(builder: Builder, branches: dict[int, Branch]) -> None:
    """Every 预备党员, and every member confirmed on time in the past year, gets the record of how they came in."""
    today, rng = builder.today, builder.rng
    recent = Person.objects.filter(
        county=builder.county, org_id__in=branches, standing="normal", joined_on__gte=add_years(today, -2)
    ).order_by("id")
    for person in recent:
        full = person.status == MemberStatus.FULL
        if full and person.confirmed_on != rules.probation_end(person.joined_on):
            continue
        dates = _schedule(rng, until=25 if full else 21, resolution=person.joined_on)
        dates = [(number, day) for number, day in dates if day <= today]
        adult_on = add_years(person.birth_date, ADULT_AGE)
        if dates[0][1] < adult_on:
            # RECRUIT-01: a young member applied on turning 18; the talk followed within days.
            talk = adult_on + dt.timedelta(days=rng.randint(3, 20))
            if talk >= dates[2][1]:
                continue
            dates[0], dates[1] = (1, adult_on), (2, talk)
        if full and dates[-1][0] != 25:
            continue
        identity = {
            "name": person.name,
            "gender": person.gender,
            "birth_date": person.birth_date,
            "education": person.education,
            "occupation": person.occupation,
            "phone": person.phone,
            "ethnicity": person.ethnicity,
            "id_number_encrypted": person.id_number_encrypted,
            "id_number_index": person.id_number_index,
            "id_number_masked": person.id_number_masked,
        }
        extra: dict[str, object] = {"person_id": person.pk}
        if full:
            extra |= {"status": ApplicantStatus.FULL, "confirmed_on": person.confirmed_on}
        builder.add(branches[person.org_id], dates, identity, **extra)


def _applicants_on_the_way(builder: Builder, branches: list[Branch]) -> None:
    """About a third of the branches have one to three applicants, at any step up to the branch meeting."""
    rng, today = builder.rng, builder.today
    for branch in branches:
        if rng.random() > 0.35:
            continue
        for _ in range(rng.choice((1, 1, 2, 3))):
            until = rng.choices(range(1, 15), weights=[6, 8, 4, 4, 4, 12, 6, 3, 3, 3, 5, 2, 2, 2])[0]
            dates = _schedule(rng, until=until, start=today)
            slack = dt.timedelta(days=rng.randint(0, 20 if until == 1 else 90))
            if until == 1 and rng.random() < 0.3:
                slack = dt.timedelta(days=rng.randint(35, 60))  # a talk overdue (RECRUIT-02)
            elif 3 <= until <= 6 and rng.random() < 0.25:
                slack = dt.timedelta(days=rng.randint(190, 240))  # an activist review overdue (RECRUIT-03)
            shift = dates[-1][1] - today + slack
            dates = [(number, day - shift) for number, day in dates]
            identity = builder.new_identity(dates[0][1])
            extra: dict[str, object] = {}
            if rng.random() < 0.06 and len(branches) > 1:
                trainer = rng.choice([b.org for b in branches if b.township != branch.township] or [branch.org])
                if trainer.pk != branch.org.pk:
                    extra = {
                        "trainer_org": trainer,
                        "trainer_path": trainer.path,
                        "training_mode": rng.choice((TrainingMode.TWO_WAY, TrainingMode.ENTRUSTED)),
                    }
            elif rng.random() < 0.05:
                extra = {
                    "status": ApplicantStatus.STOPPED,
                    "ended_on": dates[-1][1],
                    "end_reason": rng.choice(STOP_REASONS),
                }
            builder.add(branch, dates, identity, **extra)


def _quotas(county: Org, applicants: list[Applicant], *, today: dt.date, rng: random.Random) -> None:
    """Each township's quota for last year and this one: the places it used and a few more."""
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"))
    used: dict[tuple[int, int], int] = defaultdict(int)
    for applicant in applicants:
        if applicant.quota_year and applicant.status != ApplicantStatus.STOPPED:
            town = _township_of(applicant.org, townships)
            if town is not None:
                used[(town.pk, applicant.quota_year)] += 1
    rows = [
        TownshipQuota(
            county_id=county.pk,
            township=town,
            org_path=town.path,
            year=year,
            quota=used[(town.pk, year)] + rng.randint(1, 4),
        )
        for town in townships
        for year in (today.year - 1, today.year)
    ]
    TownshipQuota.objects.bulk_create(rows)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add recruitment records to an existing demo county (set-based; deterministic for the same rng and today)."""
    _settings(county)
    branch_list = _branches(county)
    builder = Builder(county, today=today, rng=rng, six_three=True)
    _history_of_recent_members(builder, {branch.org.pk: branch for branch in branch_list})
    _applicants_on_the_way(builder, branch_list)
    counts = builder.write()
    _quotas(county, builder.batch.applicants, today=today, rng=rng)
    audit.append(
        [
            audit.build_entry(
                actor=None, action=AuditAction.CREATE, obj=county, after={"kind": "recruitment_demo", **counts}
            )
        ]
    )
