"""Writes a county plan set-based: orgs with their treebeard paths computed here, units, people, posts.

Orgs, units and year figures go in with `bulk_create`; people and posts with `bulk_create` in batches, or
on PostgreSQL with COPY (ids reserved from the table's sequence first, so posts can point at people).
Every ID number is encrypted with the configured suite (SM4-GCM by default), blind-indexed and masked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from dangjian.core import audit, crypto
from dangjian.core.choices import BRANCH_KINDS, AuditAction, OrgKind, Standing
from dangjian.core.demo.plan import CountyPlan
from dangjian.core.models import Org, Person, Post, Unit, UnitYearFigure
from dangjian.core.rules import mask_id_number

_BATCH = 2000
PERSON_COLUMNS = (
    "id",
    "county_id",
    "org_id",
    "org_path",
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "id_number_encrypted",
    "id_number_index",
    "id_number_masked",
    "status",
    "joined_on",
    "confirmed_on",
    "standing",
    "standing_since",
    "category",
    "occupation",
    "phone",
    "address",
    "in_hardship",
    "poverty_registered",
    "party_worker",
    "created_at",
    "updated_at",
)
POST_COLUMNS = ("county_id", "org_id", "org_path", "person_id", "title", "term_start", "term_end", "note")


def _use_copy() -> bool:
    return connection.vendor == "postgresql"


def next_child_path(parent: Org | None) -> tuple[str, int]:
    """The path and depth of a new last child of `parent` (a new last root when None)."""
    if parent is None:
        last = Org.objects.get_last_root_node()
        step = Org._str2int(last.path[: Org.steplen]) + 1 if last else 1
        return Org._get_path("", 1, step), 1
    last_child = (
        Org.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").only("path").first()
    )
    step = Org._str2int(last_child.path[-Org.steplen :]) + 1 if last_child else 1
    return Org._get_path(parent.path, parent.depth + 1, step), parent.depth + 1


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _reserve_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def _check_columns(model: Any, columns: Sequence[str], *, with_id: bool) -> None:
    expected = {f.column for f in model._meta.concrete_fields if with_id or not f.primary_key}
    if expected != set(columns):
        raise RuntimeError(
            f"demo writer columns for {model.__name__} are out of date: {sorted(expected ^ set(columns))}"
        )


def write_county(
    plan: CountyPlan, *, parent: Org | None, actor: Any = None, summary: dict[str, Any] | None = None
) -> Org:
    """Write the plan under `parent` (or as a new root). Call inside a transaction."""
    now = timezone.now()
    root_path, root_depth = next_child_path(parent)
    orgs = [
        Org(
            path=root_path + spec.rel_path,
            depth=root_depth + spec.rel_depth,
            numchild=spec.numchild,
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            domain=spec.domain,
            level=spec.level,
            founded_on=spec.founded_on,
            term_start=spec.term_start,
            term_end=spec.term_end,
        )
        for spec in plan.orgs
    ]
    county = orgs[0]
    Org.objects.bulk_create([county])
    county.county_id = county.pk
    Org.objects.filter(pk=county.pk).update(county=county.pk)
    for org in orgs[1:]:
        org.county_id = county.pk
    Org.objects.bulk_create(orgs[1:], batch_size=_BATCH)
    if parent is not None:
        Org.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)

    units = [
        Unit(
            org=orgs[spec.index],
            kind=spec.unit.kind,
            name=spec.unit.name,
            households=spec.unit.households,
            registered_population=spec.unit.registered_population,
            resident_population=spec.unit.resident_population,
            is_poverty_village=spec.unit.is_poverty_village,
        )
        for spec in plan.orgs
        if spec.unit is not None
    ]
    Unit.objects.bulk_create(units, batch_size=_BATCH)
    unit_specs = [spec.unit for spec in plan.orgs if spec.unit is not None]
    figures = [
        UnitYearFigure(unit=unit, year=year, collective_income=income, collective_assets=assets)
        for unit, spec in zip(units, unit_specs, strict=True)
        for year, income, assets in spec.figures
    ]
    UnitYearFigure.objects.bulk_create(figures, batch_size=_BATCH)

    person_ids = _write_people(plan, orgs, county.pk, now)
    _write_posts(plan, orgs, person_ids, county.pk)

    kinds = Counter(spec.kind for spec in plan.orgs)
    counts = {
        "orgs": sum(n for kind, n in kinds.items() if kind != OrgKind.PARTY_GROUP),
        "branches": sum(kinds[kind] for kind in BRANCH_KINDS),
        "general_branches": kinds[OrgKind.GENERAL_BRANCH],
        "party_groups": kinds[OrgKind.PARTY_GROUP],
        "units": len(units),
        "unit_year_figures": len(figures),
        "people": len(plan.members),
        "posts": len(plan.posts),
        **(summary or {}),
    }
    # One summary entry per generated county: generated data is not anybody's work, so it is recorded as one
    # system change (what was built, how much) rather than one entry per row.
    audit.append([audit.build_entry(actor=actor, action=AuditAction.CREATE, obj=county, after=counts, at=now)])
    return county


def _write_people(plan: CountyPlan, orgs: list[Org], county_id: int, now: dt.datetime) -> list[int]:
    def rows(ids: Iterable[int | None]) -> Iterable[tuple[Any, ...]]:
        for person_id, member in zip(ids, plan.members, strict=True):
            org = orgs[member.org]
            yield (
                person_id,
                county_id,
                org.pk,
                org.path,
                member.name,
                member.gender,
                member.ethnicity,
                member.birth_date,
                member.education,
                crypto.encrypt(member.id_number),
                crypto.blind_index(member.id_number),
                mask_id_number(member.id_number),
                member.status,
                member.joined_on,
                member.confirmed_on,
                Standing.NORMAL,
                None,
                member.category,
                member.occupation,
                member.phone,
                member.address,
                member.in_hardship,
                member.poverty_registered,
                member.party_worker,
                now,
                now,
            )

    if _use_copy():
        _check_columns(Person, PERSON_COLUMNS, with_id=True)
        ids = _reserve_ids(Person._meta.db_table, len(plan.members))
        _copy(Person._meta.db_table, PERSON_COLUMNS, rows(ids))
        return ids
    people = [Person(**dict(zip(PERSON_COLUMNS, row, strict=True))) for row in rows([None] * len(plan.members))]
    Person.objects.bulk_create(people, batch_size=_BATCH)
    return [p.pk for p in people]


def _write_posts(plan: CountyPlan, orgs: list[Org], person_ids: list[int], county_id: int) -> None:
    rows = [
        (
            county_id,
            orgs[post.org].pk,
            orgs[post.org].path,
            person_ids[post.person],
            post.title,
            post.term_start,
            post.term_end,
            post.note,
        )
        for post in plan.posts
    ]
    if _use_copy():
        _check_columns(Post, POST_COLUMNS, with_id=False)
        _copy(Post._meta.db_table, POST_COLUMNS, rows)
        return
    Post.objects.bulk_create([Post(**dict(zip(POST_COLUMNS, row, strict=True))) for row in rows], batch_size=_BATCH)


INSERT_BATCH = 5000


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    """How SQLite's executemany takes a column's Python value (dates and datetimes as the ORM writes them; values
    already given as text pass unchanged)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.DecimalField):
        adapt = str
    else:
        return None
    return lambda value: value if value is None or isinstance(value, str) else adapt(value)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Plain rows straight into the model's table: COPY on PostgreSQL, batched executemany elsewhere. A county's
    hundreds of thousands of demo rows (attendance, receipts, study hours…) would otherwise spend most of their time
    in the ORM's per-object work. `columns` must name every column but the id, so a new field cannot be missed."""
    fields = {str(field.column): field for field in model._meta.concrete_fields if not field.primary_key}
    if set(fields) != set(columns):
        raise RuntimeError(f"demo columns of {model.__name__} are out of date: {sorted(set(fields) ^ set(columns))}")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        adapters: list[tuple[int, Callable[[Any], Any]]] = []
        for index, column in enumerate(columns):
            adapt = _adapter(fields[column])
            if adapt is not None:
                adapters.append((index, adapt))
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[list[Any]] = []
        for row in rows:
            values = list(row)
            for index, adapt in adapters:
                values[index] = adapt(values[index])
            batch.append(values)
            if len(batch) == INSERT_BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
