"""两新 coverage (F4.9): the register of enterprises and social organisations (member counts and Party organisation),
instructors (党建指导员) and the yearly 有效覆盖 assessment; the county sets how many checklist items make 有效."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgKind
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.villages import rules
from dangjian.villages.choices import BranchStatus, EffectiveItem, TwoNewKind
from dangjian.villages.models import TwoNewAssessment, TwoNewInstructor, TwoNewOrganisation, TwoNewSettings
from dangjian.villages.permissions import can_manage_village, can_set_county_rules, require

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "subtype",
    "employees",
    "formal_members",
    "probationary_members",
    "branch_status",
    "branch",
    "address",
)
COUNT_FIELDS = {"employees": "从业人员数", "formal_members": "正式党员数", "probationary_members": "预备党员数"}


def _organisation_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写单位名称"
    elif TwoNewOrganisation.objects.filter(county_id=org.county_id, name=name).exclude(pk=exclude).exists():
        errors["name"] = f"已登记名为“{name}”的两新组织"
    kind = values.get("kind")
    if kind not in TwoNewKind.values:
        errors["kind"] = "请选择类别"
    elif not rules.subtype_fits_kind(values.get("subtype") or "", kind):
        errors["subtype"] = f"细分类型与类别“{TwoNewKind(kind).label}”不符"
    for field, label in COUNT_FIELDS.items():
        value = values.get(field)
        if not isinstance(value, int) or value < 0:
            errors[field] = f"{label}应为0或正整数"
        elif value > (10_000_000 if field == "employees" else 32767):
            errors[field] = f"{label}过大"
    status, branch = values.get("branch_status"), values.get("branch")
    if status not in BranchStatus.values:
        errors["branch_status"] = "请选择党组织建立情况"
    elif status == BranchStatus.NONE and branch is not None:
        errors["branch"] = "未建立党组织时不能选择党组织"
    elif status != BranchStatus.NONE and branch is None:
        errors["branch"] = "请选择所建立或纳入的党组织"
    elif branch is not None:
        if branch.county_id != org.county_id or branch.is_dissolved:
            errors["branch"] = f"{branch.name}不是本县(区)在用的党组织"
        elif status == BranchStatus.JOINT and branch.kind != OrgKind.JOINT_BRANCH:
            errors["branch"] = f"{branch.name}不是联合党支部"
        elif status == BranchStatus.OWN and branch.kind == OrgKind.JOINT_BRANCH:
            errors["branch"] = "单独建立的党组织不能是联合党支部"
    return errors


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    org: Org,
    name: str,
    kind: str,
    subtype: str = "",
    employees: int = 0,
    formal_members: int = 0,
    probationary_members: int = 0,
    branch_status: str = BranchStatus.NONE,
    branch: Org | None = None,
    address: str = "",
) -> TwoNewOrganisation:
    """Register an enterprise or social organisation under the township (or village) where it sits."""
    require(actor is None or can_manage_village(actor, org), "没有在该组织下登记两新组织的权限")
    values = {
        "name": name,
        "kind": kind,
        "subtype": subtype or "",
        "employees": employees,
        "formal_members": formal_members,
        "probationary_members": probationary_members,
        "branch_status": branch_status,
        "branch": branch,
    }
    errors = _organisation_errors(values, org)
    if errors:
        raise ValidationError(errors)
    organisation = TwoNewOrganisation(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        address=(address or "").strip(),
        **(values | {"name": name.strip()}),
    )
    organisation.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=organisation, after=audit.snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: TwoNewOrganisation, **changes: Any) -> TwoNewOrganisation:
    """Correct the register (member counts change, a branch is founded, the organisation joins a joint branch)."""
    organisation = (
        TwoNewOrganisation.objects.select_for_update(of=("self",)).select_related("org").get(pk=organisation.pk)
    )
    require(actor is None or can_manage_village(actor, organisation.org), "没有修改该两新组织的权限")
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if organisation.closed:
        raise ValidationError({"name": "该两新组织已注销,不能修改"})
    values = {f: getattr(organisation, f) for f in ORGANISATION_FIELDS} | changes
    if changes.get("branch_status") == BranchStatus.NONE and "branch" not in changes:
        values["branch"] = changes["branch"] = None
    errors = _organisation_errors(values, organisation.org, exclude=organisation.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(organisation)
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    organisation.save()
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=organisation, before=before, after=audit.snapshot(organisation)
    )
    return organisation


@transaction.atomic
def organisation_close(*, actor: Any, organisation: TwoNewOrganisation) -> TwoNewOrganisation:
    """An organisation deregistered (注销) leaves the figures; its record stays."""
    organisation = (
        TwoNewOrganisation.objects.select_for_update(of=("self",)).select_related("org").get(pk=organisation.pk)
    )
    require(actor is None or can_manage_village(actor, organisation.org), "没有注销该两新组织的权限")
    if organisation.closed:
        raise ValidationError({"closed": "该两新组织已注销"})
    before = audit.snapshot(organisation)
    organisation.closed = True
    organisation.save(update_fields=["closed", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=organisation, before=before, after=audit.snapshot(organisation)
    )
    return organisation


# --- instructors --------------------------------------------------------------------------------------------


@transaction.atomic
def instructor_assign(
    *,
    actor: Any,
    organisation: TwoNewOrganisation,
    name: str,
    from_unit: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    person: Person | None = None,
    phone: str = "",
) -> TwoNewInstructor:
    """Assign a Party-building instructor (from a department, the township or a 非公党委) to an organisation."""
    organisation = TwoNewOrganisation.objects.select_related("org").get(pk=organisation.pk)
    require(actor is None or can_manage_village(actor, organisation.org), "没有为该两新组织选派党建指导员的权限")
    if organisation.closed:
        raise ValidationError({"organisation": "该两新组织已注销"})
    name = ((name or "").strip() or (person.name if person is not None else "")).strip()
    starts_on = starts_on or clock.today()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写党建指导员姓名"
    if not (from_unit or "").strip():
        errors["from_unit"] = "请填写派出单位"
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于选派日期"
    if errors:
        raise ValidationError(errors)
    instructor = TwoNewInstructor(
        county_id=organisation.county_id,
        org_path=organisation.org_path,
        organisation=organisation,
        name=name,
        person=person,
        from_unit=from_unit.strip(),
        phone=(phone or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    instructor.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=instructor, after=audit.snapshot(instructor))
    return instructor


@transaction.atomic
def instructor_end(*, actor: Any, instructor: TwoNewInstructor, ends_on: dt.date | None = None) -> TwoNewInstructor:
    """End an instructor's assignment (the last day in post; today by default)."""
    instructor = (
        TwoNewInstructor.objects.select_for_update(of=("self",))
        .select_related("organisation__org")
        .get(pk=instructor.pk)
    )
    require(actor is None or can_manage_village(actor, instructor.organisation.org), "没有调整该党建指导员的权限")
    ends_on = ends_on or clock.today()
    if instructor.ends_on is not None and instructor.ends_on < clock.today():
        raise ValidationError({"ends_on": f"该党建指导员已于{instructor.ends_on:%Y-%m-%d}结束选派"})
    if ends_on < instructor.starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于选派日期"})
    before = audit.snapshot(instructor)
    instructor.ends_on = ends_on
    instructor.save(update_fields=["ends_on"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=instructor, before=before, after=audit.snapshot(instructor)
    )
    return instructor


# --- assessments and the county's rule ----------------------------------------------------------------------


def effective_required(county_id: int | None) -> int:
    """How many checklist items make 有效覆盖 in the county (all of them unless the county set fewer)."""
    setting = TwoNewSettings.objects.filter(county_id=county_id).first()
    return setting.effective_required if setting is not None else len(EffectiveItem.values)


@transaction.atomic
def settings_set(*, actor: Any, county: Org, effective_required: int) -> TwoNewSettings:
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部可以设置有效覆盖标准")
    total = len(EffectiveItem.values)
    if not isinstance(effective_required, int) or not 1 <= effective_required <= total:
        raise ValidationError({"effective_required": f"有效覆盖所需项目数应在1至{total}之间"})
    setting = TwoNewSettings.objects.select_for_update().filter(org=county).first()
    before = audit.snapshot(setting) if setting is not None else None
    if setting is None:
        setting = TwoNewSettings(county_id=county.county_id or county.pk, org=county, org_path=county.path)
    setting.effective_required = effective_required
    setting.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=setting,
        before=before,
        after=audit.snapshot(setting),
    )
    return setting


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    organisation: TwoNewOrganisation,
    year: int,
    items: list[str],
    note: str = "",
    assessed_on: dt.date | None = None,
) -> TwoNewAssessment:
    """The year's 有效覆盖 assessment (recorded again to correct it): 有效 when enough checklist items are met."""
    organisation = TwoNewOrganisation.objects.select_related("org").get(pk=organisation.pk)
    require(actor is None or can_manage_village(actor, organisation.org), "没有评估该两新组织的权限")
    today = clock.today()
    if not isinstance(year, int) or not 2000 <= year <= today.year:
        raise ValidationError({"year": f"评估年度应在2000至{today.year}之间"})
    unknown = [item for item in items if item not in EffectiveItem.values]
    if unknown:
        raise ValidationError({"items": f"未知的评估项目:{'、'.join(map(str, unknown))}"})
    met = [value for value in EffectiveItem.values if value in set(items)]
    required = effective_required(organisation.county_id)
    existing = TwoNewAssessment.objects.select_for_update().filter(organisation=organisation, year=year).first()
    before = audit.snapshot(existing) if existing is not None else None
    assessment = existing or TwoNewAssessment(
        county_id=organisation.county_id, org_path=organisation.org_path, organisation=organisation, year=year
    )
    assessment.items = met
    assessment.required = required
    assessment.effective = rules.is_effective(len(met), required)
    assessment.assessed_on = assessed_on or today
    assessment.note = (note or "").strip()[:200]
    assessment.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if existing else AuditAction.CREATE,
        obj=assessment,
        before=before,
        after=audit.snapshot(assessment),
    )
    return assessment


# --- export -------------------------------------------------------------------------------------------------

REGISTER_HEADERS = [
    "单位名称",
    "类别",
    "细分类型",
    "属地党组织",
    "从业人员",
    "正式党员",
    "预备党员",
    "党组织建立情况",
    "党组织",
    "党建指导员",
    "有形覆盖",
    "有效覆盖",
    "问题",
]


def register_export(*, actor: Any, org: Org | None, rows: list[list[Any]], file_name: str, caption: str) -> bytes:
    """The register with its coverage and breaches, as .xlsx (audited)."""
    content = audited_xlsx(
        Sheet("两新组织", REGISTER_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="twonew_register",
        file_name=file_name,
    )
    return content
