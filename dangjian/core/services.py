"""Writes of the platform core. Each checks permission, validates, writes and audits in one transaction.

Signatures: `<entity>_<verb>(*, actor, …)`. Errors: django ValidationError keyed by field, with Chinese
messages; PermissionDenied when the actor may not act; Http404 when the object is out of scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from dangjian.core import audit, clock, crypto
from dangjian.core.choices import AuditAction, OrgLevel, Role
from dangjian.core.models import Org, Person, Post, Unit, UnitYearFigure, User
from dangjian.core.permissions import (
    can_manage_accounts,
    can_manage_orgs,
    can_manage_people,
    can_move_org,
    can_reveal_id_number,
    require,
)
from dangjian.core.rules import mask_id_number
from dangjian.core.scoping import ScopeRule
from dangjian.core.validation import validate_person

ORG_EDITABLE = (
    "name",
    "short_name",
    "kind",
    "domain",
    "founded_on",
    "term_start",
    "term_end",
    "is_dissolved",
    "dissolved_on",
)
PERSON_EDITABLE = (
    "name",
    "gender",
    "ethnicity",
    "education",
    "status",
    "joined_on",
    "confirmed_on",
    "phone",
    "category",
    "occupation",
    "address",
    "in_hardship",
    "poverty_registered",
    "party_worker",
)


def today() -> dt.date:
    return clock.today()


def schedule_county_refresh(county_id: int | None) -> None:
    """Ask for the county's summary figures to be recomputed once the change is committed."""
    from dangjian.core import stats

    stats.schedule_refresh(county_id)


# --- organisations -----------------------------------------------------------------------------------


def _county_for(parent: Org | None, level: str, org: Org | None = None) -> Org | None:
    if level == OrgLevel.COUNTY:
        return org
    return parent.county if parent is not None else None


def _check_term(values: dict[str, Any]) -> None:
    start, end = values.get("term_start"), values.get("term_end")
    if start and end and end <= start:
        raise ValidationError({"term_end": "本届任期届满日期应晚于任期开始日期"})
    if values.get("is_dissolved") and not values.get("dissolved_on"):
        raise ValidationError({"dissolved_on": "已撤销的组织须填写撤销日期"})


@transaction.atomic
def org_create(*, actor: Any, parent: Org | None, code: str, name: str, kind: str, domain: str, **fields: Any) -> Org:
    if parent is None:
        require(actor is None or (actor.is_superuser and actor.org_id is None), "只有系统管理员可以建立根组织")
    else:
        require(actor is None or can_manage_orgs(actor, parent), "没有在该组织下新建下级组织的权限")
    code = (code or "").strip()
    if Org.objects.filter(code=code).exists():
        raise ValidationError({"code": f"组织代码“{code}”已存在"})
    level = fields.pop("level", None) or (OrgLevel.GRASSROOTS if parent is not None else OrgLevel.COUNTY)
    values = {"code": code, "name": (name or "").strip(), "kind": kind, "domain": domain, "level": level, **fields}
    _check_term(values)
    candidate = Org(**values)
    candidate.full_clean(exclude=["path", "depth", "numchild", "county"])
    org = (
        Org.objects.add_child(parent, instance=candidate)
        if parent is not None
        else Org.objects.add_root(instance=candidate)
    )
    county = _county_for(parent, level, org)
    if county is not None and org.county_id != county.pk:
        org.county = county
        org.save(update_fields=["county"])
    audit.record(actor=actor, action=AuditAction.CREATE, obj=org, after=audit.snapshot(org))
    return org


@transaction.atomic
def org_update(*, actor: Any, org: Org, **changes: Any) -> Org:
    require(actor is None or can_manage_orgs(actor, org), "没有修改该组织的权限")
    unknown = set(changes) - set(ORG_EDITABLE)
    if unknown:
        raise ValidationError({field: "该字段不能在此修改" for field in unknown})
    org = Org.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org)
    for field, value in changes.items():
        setattr(org, field, value.strip() if isinstance(value, str) else value)
    _check_term({f: getattr(org, f) for f in ORG_EDITABLE})
    org.full_clean(exclude=["path", "depth", "numchild", "county"])
    org.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=org, before=before, after=audit.snapshot(org))
    return org


@transaction.atomic
def org_move(*, actor: Any, org: Org, new_parent: Org) -> Org:
    """Move an org with its whole subtree under a new parent; people and posts follow their org's path."""
    org = Org.objects.get(pk=org.pk)
    new_parent = Org.objects.get(pk=new_parent.pk)
    require(actor is None or can_move_org(actor, org, new_parent), "没有移动该组织的权限")
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": "不能把组织移动到它自己或它的下级组织之下"})
    if org.path[: -Org.steplen] == new_parent.path:
        raise ValidationError({"parent": "该组织已经在所选上级组织之下"})
    old_path, old_parent, old_county_id = org.path, Org.objects.get_parent(org), org.county_id
    before = {"parent": old_parent.code if old_parent else None, "path": old_path}
    Org.objects.move(org, new_parent, pos="last-child")
    org.refresh_from_db()
    new_path = org.path
    new_county_id = org.pk if org.level == OrgLevel.COUNTY else new_parent.county_id
    subtree = Org.objects.filter(path__startswith=new_path)
    if org.level != OrgLevel.COUNTY:
        subtree.exclude(level__in=[OrgLevel.COUNTY, OrgLevel.CITY, OrgLevel.PROVINCE]).update(county_id=new_county_id)
    for model, path_field, county_field in path_copies():
        changes: dict[str, Any] = {
            path_field: Concat(Value(new_path), Substr(F(path_field), len(old_path) + 1)),
        }
        if county_field:
            changes[county_field] = new_county_id
        model._default_manager.filter(**{f"{path_field}__startswith": old_path}).update(**changes)
    audit.record(
        actor=actor,
        action=AuditAction.MOVE,
        obj=org,
        before=before,
        after={"parent": new_parent.code, "path": new_path},
    )
    schedule_county_refresh(new_county_id)
    if old_county_id != new_county_id:
        schedule_county_refresh(old_county_id)
    return org


# Rows that keep their history where it was written (the append-only trail) or are recomputed (summaries).
PATH_COPIES_EXCLUDED = ("core.Org", "core.OrgStats", "core.AuditEntry")


def path_copies() -> list[tuple[type[models.Model], str, str | None]]:
    """Every (model, path column, county column) that copies an org's path for scoping, from the models' ScopeRules.

    Moving an org rewrites them all, so a moved subtree's people, dues, transfers… stay in its scope.
    """
    found: list[tuple[type[models.Model], str, str | None]] = []
    for model in apps.get_models():
        rule = getattr(model, "scope", None)
        if not isinstance(rule, ScopeRule) or model._meta.label in PATH_COPIES_EXCLUDED:
            continue
        if "__" not in rule.path:
            found.append((model, rule.path, rule.county if rule.county and "__" not in rule.county else None))
        if rule.also_path and "__" not in rule.also_path:
            also_county = rule.also_county if rule.also_county not in (None, rule.county) else None
            found.append((model, rule.also_path, also_county if also_county and "__" not in also_county else None))
    return found


def county_id_of(org: Org | None) -> int | None:
    """The county id that rows belonging to `org` carry (the org itself when it is a county)."""
    if org is None:
        return None
    return org.pk if org.level == OrgLevel.COUNTY else org.county_id


@transaction.atomic
def unit_save(*, actor: Any, org: Org, **values: Any) -> Unit:
    """Create or update the unit an org serves."""
    require(actor is None or can_manage_orgs(actor, org), "没有修改该组织所在单位的权限")
    unit = Unit.objects.select_for_update().filter(org=org).first()
    before = audit.snapshot(unit) if unit else None
    if unit is None:
        unit = Unit(org=org, **values)
    else:
        for field, value in values.items():
            setattr(unit, field, value)
    unit.full_clean()
    unit.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=unit, before=before, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def unit_year_figure_save(*, actor: Any, unit: Unit, year: int, **values: Any) -> UnitYearFigure:
    require(actor is None or can_manage_orgs(actor, unit.org), "没有修改该单位年度数据的权限")
    figure = UnitYearFigure.objects.select_for_update().filter(unit=unit, year=year).first()
    before = audit.snapshot(figure) if figure else None
    if figure is None:
        figure = UnitYearFigure(unit=unit, year=year, **values)
    else:
        for field, value in values.items():
            setattr(figure, field, value)
    figure.full_clean()
    figure.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=figure, before=before, after=audit.snapshot(figure))
    return figure


# --- people ------------------------------------------------------------------------------------------


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def person_id_index(id_number: str) -> str:
    return crypto.blind_index(id_number)


@transaction.atomic
def person_create(*, actor: Any, org: Org, **data: Any) -> Person:
    require(actor is None or can_manage_people(actor, org), "没有在该组织登记党员的权限")
    cleaned, errors = validate_person(data, today=today())
    _raise(errors)
    index = person_id_index(cleaned["id_number"])
    if Person.objects.filter(id_number_index=index).exists():
        raise ValidationError({"id_number": "该公民身份号码已登记"})
    flags = {k: bool(data.get(k, False)) for k in ("in_hardship", "poverty_registered", "party_worker")}
    id_number = cleaned.pop("id_number")
    person = Person(
        org=org,
        org_path=org.path,
        county_id=county_id_of(org),
        id_number_encrypted=crypto.encrypt(id_number),
        id_number_index=index,
        id_number_masked=mask_id_number(id_number),
        **cleaned,
        **flags,
    )
    person.full_clean(exclude=["county"])
    person.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=person, after=audit.snapshot(person))
    schedule_county_refresh(person.county_id)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **changes: Any) -> Person:
    """Change a person's editable fields; `org` moves them to another org in the actor's scope."""
    person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_people(actor, person.org), "没有修改该党员信息的权限")
    new_org = changes.pop("org", None)
    unknown = set(changes) - set(PERSON_EDITABLE)
    if unknown:
        raise ValidationError({field: "该字段不能在此修改" for field in unknown})
    before = audit.snapshot(person)
    current = {f: getattr(person, f) for f in PERSON_EDITABLE} | {"birth_date": person.birth_date}
    current.update(changes)
    current["id_number"] = person.id_number
    cleaned, errors = validate_person(current, today=today())
    _raise(errors)
    for field in changes:
        setattr(person, field, cleaned.get(field, changes[field]))
    update_fields = [*changes, "updated_at"]
    if new_org is not None and new_org.pk != person.org_id:
        require(actor is None or can_manage_people(actor, new_org), "没有把党员转入该组织的权限")
        person.org, person.org_path, person.county_id = new_org, new_org.path, county_id_of(new_org)
        update_fields += ["org", "org_path", "county"]
    person.full_clean(exclude=["county"])
    person.save(update_fields=update_fields)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=person, before=before, after=audit.snapshot(person))
    schedule_county_refresh(person.county_id)
    return person


@transaction.atomic
def person_reveal_id_number(*, actor: Any, person: Person) -> str:
    """The clear ID number, for a user allowed to see it; every reveal is recorded."""
    require(can_reveal_id_number(actor, person), "没有查看完整公民身份号码的权限")
    audit.record(actor=actor, action=AuditAction.REVEAL, obj=person, after={"id_number": person.id_number_masked})
    return person.id_number


@transaction.atomic
def post_create(*, actor: Any, person: Person, org: Org, title: str, term_start: dt.date, **fields: Any) -> Post:
    require(actor is None or can_manage_people(actor, org), "没有在该组织任命职务的权限")
    post = Post(
        person=person,
        org=org,
        org_path=org.path,
        county_id=county_id_of(org),
        title=title,
        term_start=term_start,
        **fields,
    )
    if post.term_end and post.term_end < post.term_start:
        raise ValidationError({"term_end": "任职结束日期不能早于任职开始日期"})
    post.full_clean(exclude=["county"])
    post.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=post, after=audit.snapshot(post))
    return post


@transaction.atomic
def post_end(*, actor: Any, post: Post, term_end: dt.date) -> Post:
    post = Post.objects.select_for_update().select_related("org").get(pk=post.pk)
    require(actor is None or can_manage_people(actor, post.org), "没有修改该职务的权限")
    if term_end < post.term_start:
        raise ValidationError({"term_end": "任职结束日期不能早于任职开始日期"})
    before = audit.snapshot(post)
    post.term_end = term_end
    post.save(update_fields=["term_end"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=post, before=before, after=audit.snapshot(post))
    return post


# --- accounts ----------------------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    actor: Any,
    username: str,
    org: Org,
    role: str,
    password: str,
    person: Person | None = None,
    display_name: str = "",
) -> User:
    from django.contrib.auth.password_validation import validate_password

    require(actor is None or can_manage_accounts(actor, org), "没有在该组织建立账号的权限")
    if role not in Role.values:
        raise ValidationError({"role": f"角色“{role}”无效,可选: {', '.join(Role.values)}"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在"})
    if role == Role.MEMBER:
        if person is None:
            raise ValidationError({"person": "党员账号须对应一名党员"})
        org = person.org
    user = User(username=username, org=org, role=role, person=person, display_name=display_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=user, after=audit.snapshot(user))
    return user
