"""Writes of recruitment (发展党员, F1.1): the application, each of the 25 steps with its hard rules, 六评三定
(seed 004) and stopping. Each write checks permission, validates, writes and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from dangjian.core import audit, clock, crypto
from dangjian.core import rules as core_rules
from dangjian.core.choices import (
    BRANCH_KINDS,
    ETHNICITIES,
    AuditAction,
    Education,
    Gender,
    MemberStatus,
    Occupation,
    OrgLevel,
    Role,
    Standing,
)
from dangjian.core.models import Org, Person
from dangjian.core.permissions import _role
from dangjian.core.scoping import org_in_scope
from dangjian.core.services import county_id_of, person_create, person_id_index, person_update
from dangjian.members import rules
from dangjian.members.choices import (
    STEPS,
    ApplicantStatus,
    ProbationDecision,
    RecruitRole,
    StandingBasis,
    TrainingMode,
)
from dangjian.members.models import (
    Applicant,
    CandidateScore,
    RecruitDocument,
    RecruitPerson,
    RecruitStep,
    ScoreItem,
    TownshipQuota,
)
from dangjian.members.permissions import can_approve, can_manage_members, require
from dangjian.members.selectors.recruitment import History, recruit_setting, step_blockers, voting_entitled
from dangjian.members.selectors.standing import is_formal_on, standing_of
from dangjian.members.services.standing import standing_change

DOCUMENT_EXTENSIONS = frozenset({".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".wps", ".xls", ".xlsx"})
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
ROLE_OF_STEP = {number: RecruitRole(role) for number, role in rules.PEOPLE_STEPS.items()}
NOT_SIX_THREE = "本县(区)未实行“六评三定”,无需量化考评、组织考察和提名"
# The applicant's fields a step may change (RecruitStep → Applicant, see `_apply`).
STEP_FIELDS = (
    "step",
    "status",
    "talked_on",
    "activist_on",
    "last_review_on",
    "candidate_on",
    "resolution_on",
    "approved_on",
    "extension_months",
    "probation_ends_on",
    "confirmed_on",
    "ended_on",
    "end_reason",
    "person",
    "updated_at",
)
SIX_THREE_TOWNSHIP_ONLY = "“六评三定”的量化考评、组织考察和提名由乡镇(街道)党委办理"


def _step_label(number: int) -> str:
    return f"第{number}步“{STEPS[number][1]}”"


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def _date_problem(day: dt.date | None, label: str, *, today: dt.date, not_before: dt.date | None = None) -> str | None:
    if day is None:
        return f"请填写{label}"
    if day > today:
        return f"{label}不能晚于今天"
    if not_before is not None and day < not_before:
        return f"{label}不能早于上一步骤的日期{not_before:%Y-%m-%d}"
    return None


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- the application (step 1) ---------------------------------------------------------------------------


@transaction.atomic
def applicant_create(
    *,
    actor: Any,
    org: Org,
    applied_on: dt.date,
    name: str,
    id_number: str,
    education: str,
    ethnicity: str = "汉族",
    occupation: str = "",
    phone: str = "",
    trainer_org: Org | None = None,
    training_mode: str = TrainingMode.OWN,
    note: str = "",
) -> Applicant:
    """Register an application (step 1): the branch that will admit the applicant, and the branch that trains
    them when another does (双向/委托/跟踪培养). Birth date and gender come from the ID number."""
    require(actor is None or can_manage_members(actor, org), "没有在该党组织登记入党申请人的权限")
    today = clock.today()
    errors: dict[str, str] = {}
    if org.kind not in BRANCH_KINDS:
        errors["org"] = "入党申请人须登记在党支部(接收党支部)"
    name = (name or "").strip()
    if not name:
        errors["name"] = "姓名不能为空"
    elif len(name) > 50:
        errors["name"] = "姓名不能超过50个字"
    info = None
    try:
        info = core_rules.parse_id_number(id_number or "", today=today)
    except core_rules.IdNumberError as exc:
        errors["id_number"] = str(exc)
    problem = _date_problem(applied_on, "申请入党日期", today=today)
    if problem:
        errors["applied_on"] = problem
    elif info is not None and not core_rules.is_adult_on(info.birth_date, applied_on):
        errors["applied_on"] = (
            f"未满18周岁不能申请入党:出生于{info.birth_date:%Y-%m-%d},"
            f"{core_rules.add_years(info.birth_date, core_rules.ADULT_AGE):%Y-%m-%d}年满18周岁"
        )
    if education not in Education.values:
        errors["education"] = "请选择学历"
    ethnicity = (ethnicity or "汉族").strip()
    if ethnicity not in ETHNICITIES:
        errors["ethnicity"] = f"民族“{ethnicity}”不在56个民族名称之中"
    if occupation and occupation not in Occupation.values:
        errors["occupation"] = "请选择有效的工作岗位"
    phone = (phone or "").strip()
    if phone and not core_rules.is_valid_phone(phone):
        errors["phone"] = f"联系电话“{phone}”格式不正确(手机号11位,座机如0395-1234567)"
    errors.update(_training_problems(org, trainer_org, training_mode))
    index = None
    if info is not None:
        index = person_id_index(info.number)
        if Person.objects.filter(id_number_index=index).exists():
            errors["id_number"] = "该公民身份号码已登记为党员,不能作为入党申请人登记"
        elif Applicant.objects.filter(
            county_id=county_id_of(org), id_number_index=index, status=ApplicantStatus.IN_PROGRESS
        ).exists():
            errors["id_number"] = "该公民身份号码已有正在培养考察中的入党申请,不能重复登记"
    _raise(errors)
    assert info is not None and index is not None
    applicant = Applicant(
        county_id=county_id_of(org),
        org=org,
        org_path=org.path,
        trainer_org=trainer_org,
        trainer_path=trainer_org.path if trainer_org else "",
        training_mode=training_mode,
        name=name,
        gender=Gender.MALE if info.is_male else Gender.FEMALE,
        ethnicity=ethnicity,
        birth_date=info.birth_date,
        education=education,
        occupation=occupation or "",
        phone=phone,
        id_number_encrypted=crypto.encrypt(info.number),
        id_number_index=index,
        id_number_masked=core_rules.mask_id_number(info.number),
        status=ApplicantStatus.IN_PROGRESS,
        step=1,
        applied_on=applied_on,
    )
    applicant.full_clean(exclude=["county", "org", "trainer_org"])
    applicant.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=applicant, after=audit.snapshot(applicant))
    step = RecruitStep(
        county_id=applicant.county_id,
        org_path=applicant.org_path,
        applicant=applicant,
        number=1,
        done_on=applied_on,
        org=org,
        note=(note or "").strip(),
        recorded_by=_actor_or_none(actor),
    )
    step.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=step, after=audit.snapshot(step))
    return applicant


def _training_problems(org: Org, trainer_org: Org | None, training_mode: str) -> dict[str, str]:
    if training_mode not in TrainingMode.values:
        return {"training_mode": "请选择培养方式"}
    if trainer_org is None:
        if training_mode != TrainingMode.OWN:
            return {"trainer_org": "由其他党组织培养的,请填写培养党组织"}
        return {}
    if trainer_org.pk == org.pk:
        return {"trainer_org": "培养党组织就是接收党支部时不必填写"}
    if trainer_org.kind not in BRANCH_KINDS:
        return {"trainer_org": "培养党组织须为党支部"}
    if county_id_of(trainer_org) != county_id_of(org):
        return {"trainer_org": "培养党组织须在本县(区)内"}
    if training_mode == TrainingMode.OWN:
        return {"training_mode": "由其他党支部培养的,请选择双向培养、委托培养、跟踪培养或驻地党组织协助培养"}
    return {}


# --- the steps ---------------------------------------------------------------------------------------------


def _may_record(actor: Any, applicant: Applicant, number: int) -> bool:
    if actor is None:
        return True
    if number in rules.COMMITTEE_STEPS:
        return can_approve(actor, applicant.org)
    if can_manage_members(actor, applicant.org):
        return True
    return (
        number in rules.TRAINER_STEPS
        and applicant.trainer_org is not None
        and can_manage_members(actor, applicant.trainer_org)
    )


def _default_org(actor: Any, applicant: Applicant, number: int) -> Org:
    """Who is responsible for a step when the caller names no org: the committee above (the actor's own org when
    it stands above the branch), the training branch for its steps, else the admitting branch."""
    if number in rules.COMMITTEE_STEPS:
        own = getattr(actor, "org", None)
        if own is not None and applicant.org_path.startswith(own.path) and own.pk != applicant.org_id:
            return own
        return Org.objects.get_parent(applicant.org) or applicant.org
    trainer = applicant.trainer_org
    if number in rules.TRAINER_STEPS and trainer is not None and (actor is None or can_manage_members(actor, trainer)):
        return trainer
    return applicant.org


def _org_problem(applicant: Applicant, org: Org) -> str | None:
    """The responsible org is the admitting branch, the training branch, or a committee above either."""
    paths = [applicant.org_path] + ([applicant.trainer_path] if applicant.trainer_path else [])
    if any(path.startswith(org.path) for path in paths):
        return None
    return "责任党组织应为接收党支部、培养党组织或其上级党组织"


def _people_problems(applicant: Applicant, number: int, people: list[Person], *, on: dt.date) -> list[str]:
    if number not in ROLE_OF_STEP:
        return ["该步骤不登记相关党员"] if people else []
    if len({person.pk for person in people}) != len(people):
        return ["同一名党员不能重复填写"]
    problems = [f"{person.name}不是本县(区)的党员" for person in people if person.county_id != applicant.county_id]
    if problems:
        return problems
    if number == 9:
        standings = []
        extra = []
        for position, person in enumerate(people, start=1):
            standing = standing_of(person, on)
            if not rules.counted_as_member(standing):
                standings.append(rules.IntroducerStanding.NOT_A_MEMBER)
            elif not is_formal_on(person, on):
                standings.append(rules.IntroducerStanding.PROBATIONARY)
            else:
                standings.append(rules.IntroducerStanding.FULL)
                if standing != Standing.NORMAL:
                    label = Standing(standing).label
                    extra.append(f"第{position}名介绍人{person.name}处于“{label}”状态,不能担任入党介绍人")
        return rules.introducer_problems(standings) + extra
    if number == 5:
        problem = rules.contact_count_problem(len(people))
        found = [problem] if problem else []
        for person in people:
            if not is_formal_on(person, on) or standing_of(person, on) != Standing.NORMAL:
                found.append(f"{person.name}不是党籍正常的正式党员,不能担任培养联系人")
        return found
    return []


def _vote_problems(
    applicant: Applicant, on: dt.date, present: Any, yes: Any, no: Any, abstain: Any
) -> tuple[int, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    for key, value, label in (("present", present, "实到会人数"), ("yes", yes, "赞成票数")):
        if value is None:
            errors[key] = [f"请填写{label}"]
        elif value < 0:
            errors[key] = [f"{label}不能为负数"]
    for key, value, label in (("no", no, "反对票数"), ("abstain", abstain, "弃权票数")):
        if value is not None and value < 0:
            errors[key] = [f"{label}不能为负数"]
    entitled = voting_entitled(applicant.org, on)
    if errors:
        return entitled, errors
    for message in rules.vote_problems(rules.Vote(entitled=entitled, present=present, yes=yes)):
        key = "yes" if "赞成" in message else "present"
        errors.setdefault(key, []).append(message)
    if not errors and yes + (no or 0) + (abstain or 0) > entitled:
        errors["no"] = [f"赞成、反对、弃权票数合计不能超过应到会有表决权党员{entitled}人"]
    return entitled, errors


def _document_problems(documents: list[tuple[str, Any, str]]) -> list[str]:
    problems = []
    for position, (title, upload, note) in enumerate(documents, start=1):
        title = (title or "").strip()
        if not title:
            problems.append(f"第{position}份材料未填写材料名称")
        elif len(title) > 100:
            problems.append(f"第{position}份材料的名称不能超过100个字")
        if upload is None and not (note or "").strip():
            problems.append(f"第{position}份材料须上传文件或填写说明")
        if len((note or "").strip()) > 200:
            problems.append(f"第{position}份材料的说明不能超过200个字")
        if upload is not None:
            if not isinstance(upload, UploadedFile):
                problems.append(f"第{position}份材料的文件无效")
                continue
            suffix = PurePath(upload.name or "").suffix.lower()
            if suffix not in DOCUMENT_EXTENSIONS:
                allowed = "、".join(sorted(ext.lstrip(".") for ext in DOCUMENT_EXTENSIONS))
                problems.append(f"第{position}份材料的文件类型不支持(可上传 {allowed})")
            elif upload.size > DOCUMENT_MAX_BYTES:
                problems.append(f"第{position}份材料的文件超过{DOCUMENT_MAX_BYTES // 1024 // 1024}MB")
    return problems


@transaction.atomic
def step_record(
    *,
    actor: Any,
    applicant: Applicant,
    number: int,
    done_on: dt.date,
    org: Org | None = None,
    note: str = "",
    people: Iterable[Person] = (),
    present: int | None = None,
    yes: int | None = None,
    no: int | None = None,
    abstain: int | None = None,
    training_days: Decimal | None = None,
    training_hours: Decimal | None = None,
    passed: bool | None = None,
    decision: str = "",
    extension_months: int | None = None,
    documents: Iterable[tuple[str, Any, str]] = (),
) -> RecruitStep:
    """Record one of steps 2–25 with its date, responsible org, people and documents, after every hard rule of
    rules.md RECRUIT; then bring the applicant (and at 15, 17, 24 the member roll) in step with it."""
    applicant = (
        Applicant.objects.select_for_update(of=("self",)).select_related("org", "trainer_org").get(pk=applicant.pk)
    )
    if number not in STEPS or number == 1:
        raise ValidationError({"number": "步骤应为第2至25步(第1步在登记入党申请人时记录)"})
    if number in rules.COMMITTEE_STEPS:
        message = f"{_step_label(number)}由上级党委办理"
    else:
        message = f"没有记录该申请人{_step_label(number)}的权限"
    require(_may_record(actor, applicant, number), message)
    people = list(people)
    documents = list(documents)
    today = clock.today()
    history = History(tuple(applicant.steps.order_by("id")))
    setting = recruit_setting(applicant.county_id)

    problem = _date_problem(done_on, "日期", today=today, not_before=history.last_date)
    if problem:
        raise ValidationError({"done_on": problem})
    blockers: dict[str, list[str]] = {}
    for key, reason in step_blockers(applicant, number, on=done_on, setting=setting, history=history):
        blockers.setdefault(key, []).append(reason)
    _raise(blockers)

    errors: dict[str, Any] = {}
    org = org or _default_org(actor, applicant, number)
    org_problem = _org_problem(applicant, org)
    if org_problem:
        errors["org"] = org_problem
    people_problems = _people_problems(applicant, number, people, on=done_on)
    if people_problems:
        errors["people"] = people_problems
    document_problems = _document_problems(documents)
    if document_problems:
        errors["documents"] = document_problems

    step = RecruitStep(
        county_id=applicant.county_id,
        org_path=applicant.org_path,
        applicant=applicant,
        number=number,
        done_on=done_on,
        org=org,
        note=(note or "").strip(),
        recorded_by=_actor_or_none(actor),
    )
    if number in rules.VOTE_STEPS:
        entitled, vote_errors = _vote_problems(applicant, done_on, present, yes, no, abstain)
        errors.update(vote_errors)
        step.vote_entitled, step.vote_present, step.vote_yes = entitled, present, yes
        step.vote_no, step.vote_abstain = no, abstain
    if number == 11:
        problem = _training_input_problem(training_days, training_hours) or rules.training_problem(
            training_days, training_hours
        )
        if problem:
            errors["training_days"] = problem
        step.training_days, step.training_hours = training_days, training_hours
    if number in rules.CHECK_STEPS:
        if passed is None:
            errors["passed"] = "请填写结论:通过或未通过"
        step.passed = passed
    discussion = history.latest(23)
    if number == 23:
        errors.update(_decision_problems(applicant, decision, extension_months, done_on))
        step.decision = decision
        step.extension_months = extension_months if decision == ProbationDecision.EXTEND else None
    _raise(errors)

    step.full_clean(exclude=["county", "applicant", "org", "recorded_by"])
    step.save()
    for person in people:
        RecruitPerson.objects.get_or_create(
            applicant=applicant,
            person=person,
            role=ROLE_OF_STEP[number],
            defaults={"step": step, "since": done_on},
        )
    for title, upload, doc_note in documents:
        document = RecruitDocument(step=step, title=title.strip(), note=(doc_note or "").strip())
        if upload is not None:
            document.file = upload
        document.save()
    after = audit.snapshot(step) | {
        "people": [f"{ROLE_OF_STEP[number].label}:{person.name}" for person in people],
        "documents": [title.strip() for title, _upload, _note in documents],
    }
    audit.record(actor=actor, action=AuditAction.CREATE, obj=step, after=after)

    before = audit.snapshot(applicant)
    _apply(actor=actor, applicant=applicant, step=step, discussion=discussion if number == 24 else None)
    applicant.save(update_fields=list(STEP_FIELDS))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=applicant, before=before, after=audit.snapshot(applicant))
    return step


def _training_input_problem(days: Decimal | None, hours: Decimal | None) -> str | None:
    if (days is not None and days < 0) or (hours is not None and hours < 0):
        return "培训天数和学时不能为负数"
    return None


def _decision_problems(
    applicant: Applicant, decision: str, extension_months: int | None, on: dt.date
) -> dict[str, str]:
    if decision not in ProbationDecision.values:
        return {"decision": "请选择转正决定:按期转正、延长预备期或取消预备党员资格"}
    errors: dict[str, str] = {}
    if applicant.probation_ends_on:
        problem = rules.discussion_problem(decision, probation_ends_on=applicant.probation_ends_on, on=on)
        if problem:
            errors["done_on"] = problem
    if decision == ProbationDecision.EXTEND:
        if extension_months is None:
            errors["extension_months"] = "请填写延长预备期的月数(6至12个月)"
        else:
            problem = rules.extension_problem(
                extension_months, previous_extensions=1 if applicant.extension_months else 0
            )
            if problem:
                errors["extension_months"] = problem
    return errors


def _apply(*, actor: Any, applicant: Applicant, step: RecruitStep, discussion: RecruitStep | None) -> None:
    """What a recorded step changes on the applicant (and, at admission and its end, on the member roll)."""
    number, on = step.number, step.done_on
    if number > applicant.step or (number == 23 and applicant.step == 24):
        applicant.step = number
    if number == 2:
        applicant.talked_on = on
    elif number == 3:
        applicant.activist_on = applicant.last_review_on = on
    elif number == 6:
        applicant.last_review_on = on
    elif number == 7:
        applicant.candidate_on = on
    elif number == 15:
        _admit(actor=actor, applicant=applicant, on=on)
    elif number == 17:
        if step.passed:
            applicant.approved_on = on
        else:
            _cancel(
                actor=actor,
                applicant=applicant,
                on=on,
                resolution_on=applicant.resolution_on,
                reason="上级党委未批准接收为预备党员",
            )
    elif number == 24 and step.passed and discussion is not None:
        if discussion.decision == ProbationDecision.CONFIRM:
            _confirm(actor=actor, applicant=applicant)
        elif discussion.decision == ProbationDecision.EXTEND:
            months = discussion.extension_months or 0
            applicant.extension_months = months
            applicant.probation_ends_on = rules.probation_end(applicant.resolution_on, extension_months=months)
            applicant.status = ApplicantStatus.EXTENDED
            applicant.step = 21  # probation goes on: 继续教育考察, then a new application and discussion
        else:
            _cancel(
                actor=actor,
                applicant=applicant,
                on=on,
                resolution_on=discussion.done_on,
                reason="支部大会讨论决定取消预备党员资格,上级党委批准",
            )


def _admit(*, actor: Any, applicant: Applicant, on: dt.date) -> None:
    """RECRUIT-12: the branch meeting's resolution starts the 预备期 and 党籍 that day; the applicant joins the
    roll as a 预备党员."""
    person = person_create(
        actor=actor,
        org=applicant.org,
        name=applicant.name,
        gender=applicant.gender,
        ethnicity=applicant.ethnicity,
        id_number=applicant.id_number,
        education=applicant.education,
        occupation=applicant.occupation,
        phone=applicant.phone,
        status=MemberStatus.PROBATIONARY,
        joined_on=on,
    )
    applicant.person = person
    applicant.status = ApplicantStatus.PROBATIONARY
    applicant.resolution_on = on
    applicant.probation_ends_on = rules.probation_end(on)


def _confirm(*, actor: Any, applicant: Applicant) -> None:
    """RECRUIT-15: a full member from the day the 预备期 ends (after an extension, from its end)."""
    confirmed_on = applicant.probation_ends_on
    person_update(actor=actor, person=applicant.person, status=MemberStatus.FULL, confirmed_on=confirmed_on)
    applicant.status = ApplicantStatus.FULL
    applicant.confirmed_on = confirmed_on


def _cancel(*, actor: Any, applicant: Applicant, on: dt.date, resolution_on: dt.date | None, reason: str) -> None:
    if applicant.person is not None:
        standing_change(
            actor=actor,
            person=applicant.person,
            to_standing=Standing.CANCELLED,
            changed_on=on,
            basis=StandingBasis.PROBATION,
            reason=reason,
            branch_resolution_on=resolution_on,
            approved_on=on,
        )
    applicant.status = ApplicantStatus.CANCELLED
    applicant.ended_on = on
    applicant.end_reason = reason


# --- 六评三定 (seed 004) ----------------------------------------------------------------------------------


def _six_three_applicant(actor: Any, applicant: Applicant, *, before_step: int) -> Applicant:
    """The applicant, locked, when the township may act on them: 六评三定 on, a 发展对象 not yet past the gate
    that this action opens (inspection before step 12, nomination before step 15)."""
    applicant = Applicant.objects.select_for_update(of=("self",)).select_related("org").get(pk=applicant.pk)
    require(
        actor is None or (_role(actor) == Role.TOWNSHIP_ADMIN and org_in_scope(applicant.org, actor)),
        SIX_THREE_TOWNSHIP_ONLY,
    )
    if not recruit_setting(applicant.county_id).six_three:
        raise ValidationError({"applicant": NOT_SIX_THREE})
    if applicant.status != ApplicantStatus.IN_PROGRESS or applicant.candidate_on is None:
        raise ValidationError({"applicant": "只有已确定为发展对象的申请人参加“六评三定”"})
    if applicant.step >= before_step:
        raise ValidationError({"applicant": f"已进入{_step_label(before_step)},不能再办理"})
    return applicant


@transaction.atomic
def candidate_score(*, actor: Any, applicant: Applicant, scores: dict[int, Decimal], scored_on: dt.date) -> Applicant:
    """The township scores a 发展对象 on every active item of the county; the total is Σ score × weight."""
    applicant = _six_three_applicant(actor, applicant, before_step=12)
    if applicant.inspected_on is not None:
        raise ValidationError({"scores": "已进行组织考察,量化考评得分不能再修改"})
    errors: dict[str, Any] = {}
    problem = _date_problem(scored_on, "考评日期", today=clock.today(), not_before=applicant.candidate_on)
    if problem:
        errors["scored_on"] = problem
    items = {item.pk: item for item in ScoreItem.objects.filter(county_id=applicant.county_id, active=True)}
    if not items:
        raise ValidationError({"scores": "本县(区)尚未设置量化考评项目"})
    scores = {int(key): value for key, value in scores.items()}
    item_errors = [f"考评项目编号{key}不存在或未启用" for key in scores if key not in items]
    item_errors += [f"请填写“{item.name}”的得分" for key, item in items.items() if scores.get(key) is None]
    for key, value in scores.items():
        if key in items and value is not None:
            problem = rules.score_problem(Decimal(value), items[key].max_score)
            if problem:
                item_errors.append(f"“{items[key].name}”{problem}")
    if item_errors:
        errors["scores"] = item_errors
    _raise(errors)
    before = audit.snapshot(applicant)
    for key, item in items.items():
        CandidateScore.objects.update_or_create(
            applicant=applicant, item=item, defaults={"score": Decimal(scores[key]), "scored_on": scored_on}
        )
    CandidateScore.objects.filter(applicant=applicant).exclude(item_id__in=items).delete()
    applicant.score = rules.weighted_total((Decimal(scores[key]), item.weight) for key, item in items.items())
    applicant.save(update_fields=["score", "updated_at"])
    after = audit.snapshot(applicant) | {"scores": {item.name: str(scores[key]) for key, item in items.items()}}
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=applicant, before=before, after=after)
    return applicant


@transaction.atomic
def candidate_inspect(*, actor: Any, applicant: Applicant, inspected_on: dt.date) -> Applicant:
    """Organisational inspection of a candidate who reached the county's pass mark."""
    applicant = _six_three_applicant(actor, applicant, before_step=12)
    setting = recruit_setting(applicant.county_id)
    if applicant.score is None:
        raise ValidationError({"applicant": "尚未进行量化考评,不得进行组织考察"})
    if not rules.score_passes(applicant.score, setting.pass_mark):
        raise ValidationError({"applicant": "量化考评未达标,不得进行组织考察"})
    if applicant.inspected_on is not None:
        raise ValidationError({"applicant": "已进行组织考察"})
    scored_on = (
        CandidateScore.objects.filter(applicant=applicant)
        .order_by("-scored_on")
        .values_list("scored_on", flat=True)
        .first()
    )
    problem = _date_problem(inspected_on, "考察日期", today=clock.today(), not_before=scored_on)
    if problem:
        raise ValidationError({"inspected_on": problem})
    before = audit.snapshot(applicant)
    applicant.inspected_on = inspected_on
    applicant.save(update_fields=["inspected_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=applicant, before=before, after=audit.snapshot(applicant))
    return applicant


def township_of(org: Org) -> Org:
    """The township (乡镇/街道) an org belongs to; the committee right above it where there is none."""
    if org.level == OrgLevel.TOWNSHIP:
        return org
    ancestors = list(Org.objects.get_ancestors(org))
    for ancestor in reversed(ancestors):
        if ancestor.level == OrgLevel.TOWNSHIP:
            return ancestor
    return ancestors[-1] if ancestors else org


@transaction.atomic
def candidate_nominate(*, actor: Any, applicant: Applicant, nominated_on: dt.date) -> Applicant:
    """The township nominates an inspected candidate, taking one place of its yearly quota (seed 004: the quota
    is the township's and is never split down to villages)."""
    from dangjian.members.services.recruitment_settings import quota_used

    applicant = _six_three_applicant(actor, applicant, before_step=15)
    if applicant.inspected_on is None:
        raise ValidationError({"applicant": "未经组织考察的不得提名"})
    if applicant.nominated_on is not None:
        raise ValidationError({"applicant": "已由乡镇党委提名"})
    problem = _date_problem(nominated_on, "提名日期", today=clock.today(), not_before=applicant.inspected_on)
    if problem:
        raise ValidationError({"nominated_on": problem})
    township = township_of(applicant.org)
    year = nominated_on.year
    quota = TownshipQuota.objects.select_for_update().filter(township=township, year=year).first()
    if quota is None:
        raise ValidationError({"nominated_on": f"{township.name}{year}年度尚未下达发展党员计划指标,不能提名"})
    used = quota_used(township, year)
    if rules.quota_left(quota.quota, used) <= 0:
        raise ValidationError(
            {"nominated_on": f"{township.name}{year}年度发展党员计划指标{quota.quota}名已用完,不能再提名"}
        )
    before = audit.snapshot(applicant)
    applicant.nominated_on = nominated_on
    applicant.quota_year = year
    applicant.save(update_fields=["nominated_on", "quota_year", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=applicant, before=before, after=audit.snapshot(applicant))
    return applicant


# --- stopping -----------------------------------------------------------------------------------------------


@transaction.atomic
def applicant_stop(*, actor: Any, applicant: Applicant, ended_on: dt.date, reason: str) -> Applicant:
    """终止培养: the branch ends the way before admission (a probationary member is cancelled at step 23 instead)."""
    applicant = Applicant.objects.select_for_update(of=("self",)).select_related("org").get(pk=applicant.pk)
    require(actor is None or can_manage_members(actor, applicant.org), "没有终止该申请人培养的权限")
    if applicant.status != ApplicantStatus.IN_PROGRESS:
        raise ValidationError({"applicant": "只有尚未接收为预备党员的申请人可以终止培养"})
    errors = {}
    last = History(tuple(applicant.steps.order_by("id"))).last_date
    problem = _date_problem(ended_on, "终止日期", today=clock.today(), not_before=last)
    if problem:
        errors["ended_on"] = problem
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "请填写终止培养的原因"
    elif len(reason) > 200:
        errors["reason"] = "终止原因不能超过200个字"
    _raise(errors)
    before = audit.snapshot(applicant)
    applicant.status = ApplicantStatus.STOPPED
    applicant.ended_on = ended_on
    applicant.end_reason = reason
    applicant.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=applicant, before=before, after=audit.snapshot(applicant))
    return applicant
