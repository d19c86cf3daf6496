"""微党建 content (F2.5): 微党课, 微党讯 and 微交流 published by an org to its whole subtree (draft → published →
withdrawn), and the read receipts of required study items, which credit the item's study hours once per member
through the study-hours ledger."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import HISTORICAL_STANDINGS, AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.orglife import rules
from dangjian.orglife.choices import ArticleKind, StudySource
from dangjian.orglife.models import Article, ArticleRead
from dangjian.orglife.permissions import can_act_for, can_manage_branch, require
from dangjian.orglife.services.study import log_hours

ARTICLE_FIELDS = ("kind", "title", "body", "required", "study_hours")
# Once readers have been asked to study an item, what they were asked stays as published.
FIXED_WHEN_PUBLISHED = ("required", "study_hours")


def _hours(value: Any) -> tuple[Decimal, str | None]:
    try:
        hours = Decimal(value if value not in (None, "") else "0")
    except (InvalidOperation, TypeError, ValueError):
        return Decimal("0"), "学习学时应为数字"
    if hours != hours.quantize(Decimal("0.1")):
        return hours, "学习学时精确到0.1"
    return hours.quantize(Decimal("0.1")), None


def _problems(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("kind") not in ArticleKind.values:
        errors["kind"] = "请选择栏目"
    hours, problem = _hours(values.get("study_hours"))
    if problem:
        errors["study_hours"] = problem
    found = rules.article_problems(
        kind=values.get("kind") or "",
        title=values.get("title") or "",
        body=values.get("body") or "",
        required=bool(values.get("required")),
        study_hours=hours,
    )
    if len((values.get("title") or "").strip()) > 100:
        found.setdefault("title", "标题不超过100字")
    return found | errors


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).select_related("org").get(pk=article.pk)


@transaction.atomic
def article_create(
    *,
    actor: Any,
    org: Org,
    kind: str,
    title: str,
    body: str,
    required: bool = False,
    study_hours: Decimal | str | int = Decimal("0"),
) -> Article:
    """A draft of the org (to be read by its whole subtree once published)."""
    require(actor is None or can_manage_branch(actor, org), "没有以该党组织名义发布内容的权限")
    values = {"kind": kind, "title": title, "body": body, "required": required, "study_hours": study_hours}
    errors = _problems(values)
    if errors:
        raise ValidationError(errors)
    article = Article(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        required=bool(required),
        study_hours=_hours(study_hours)[0],
        author=actor if getattr(actor, "pk", None) else None,
    )
    article.full_clean(exclude=["county", "author"])
    article.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=article, after=audit.snapshot(article))
    return article


@transaction.atomic
def article_update(*, actor: Any, article: Article, **changes: Any) -> Article:
    """Correct an article. A draft changes freely; a published one keeps its required flag and hours (readers
    were asked to study it as published); a withdrawn one stays as it was."""
    article = _locked(article)
    require(actor is None or can_manage_branch(actor, article.org), "没有修改该内容的权限")
    unknown = set(changes) - set(ARTICLE_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    state = rules.article_state(article.published_at, article.withdrawn)
    if state == "withdrawn":
        raise ValidationError({"title": "该内容已撤回,不能再修改"})
    if state == "published":
        fixed: dict[str, str] = {}
        for name in FIXED_WHEN_PUBLISHED:
            if name not in changes:
                continue
            value = _hours(changes[name])[0] if name == "study_hours" else bool(changes[name])
            if value != getattr(article, name):
                fixed[name] = "内容发布后不能修改必学设置和学时"
        if fixed:
            raise ValidationError(fixed)
    values = {name: getattr(article, name) for name in ARTICLE_FIELDS} | changes
    errors = _problems(values)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(article)
    for name, value in changes.items():
        if name == "study_hours":
            setattr(article, name, _hours(value)[0])
        else:
            setattr(article, name, value.strip() if isinstance(value, str) and name != "kind" else value)
    article.full_clean(exclude=["county", "author"])
    article.save(update_fields=list(changes))
    after = audit.snapshot(article)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=article, before=before, after=after)
    return article


@transaction.atomic
def article_publish(*, actor: Any, article: Article) -> Article:
    """Publish a draft to the org's whole subtree now."""
    article = _locked(article)
    require(actor is None or can_manage_branch(actor, article.org), "没有发布该内容的权限")
    if rules.article_state(article.published_at, article.withdrawn) != "draft":
        raise ValidationError({"published_at": "该内容不是草稿,不能发布"})
    errors = _problems({name: getattr(article, name) for name in ARTICLE_FIELDS})
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(article)
    article.published_at = timezone.now()
    article.save(update_fields=["published_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=article, before=before, after=audit.snapshot(article))
    return article


@transaction.atomic
def article_withdraw(*, actor: Any, article: Article) -> Article:
    """Take a published article off the readers' feeds. Read receipts and the hours they credited stay: the
    study took place."""
    article = _locked(article)
    require(actor is None or can_manage_branch(actor, article.org), "没有撤回该内容的权限")
    if rules.article_state(article.published_at, article.withdrawn) != "published":
        raise ValidationError({"withdrawn": "只有已发布的内容可以撤回"})
    before = audit.snapshot(article)
    article.withdrawn = True
    article.save(update_fields=["withdrawn"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=article, before=before, after=audit.snapshot(article))
    return article


@transaction.atomic
def article_delete(*, actor: Any, article: Article) -> None:
    """Remove a draft nobody has seen; published items are withdrawn instead, so their receipts keep a target."""
    article = _locked(article)
    require(actor is None or can_manage_branch(actor, article.org), "没有删除该内容的权限")
    if rules.article_state(article.published_at, article.withdrawn) != "draft":
        raise ValidationError({"published_at": "只有草稿可以删除,已发布的内容请撤回"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=article, before=audit.snapshot(article))
    article.delete()


def _reaches(article: Article, person: Person) -> bool:
    return person.county_id == article.county_id and person.org_path.startswith(article.org_path)


@transaction.atomic
def article_read_create(*, actor: Any, article: Article, person: Person) -> ArticleRead:
    """The member has studied a required item ("已学习"): one receipt per member, crediting the item's study hours
    (when it has any) to the study-hours ledger on the first receipt. A second call returns the first receipt."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_act_for(actor, person), "没有为该党员登记学习的权限")
    article = Article.objects.select_related("org").get(pk=article.pk)
    existing = ArticleRead.objects.filter(article=article, person=person).first()
    if existing is not None:
        return existing
    if person.standing in HISTORICAL_STANDINGS:
        raise ValidationError({"person": f"{person.name}已列入历史名册"})
    if rules.article_state(article.published_at, article.withdrawn) != "published":
        raise ValidationError({"article": "该内容未发布或已撤回"})
    if not _reaches(article, person):
        raise ValidationError({"article": "该内容不是向该党员所在党组织发布的"})
    if not article.required:
        raise ValidationError({"article": "该内容不是必学内容,无需登记学习"})
    read = ArticleRead.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        article=article,
        person=person,
        read_at=timezone.now(),
        hours=article.study_hours,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=read, after=audit.snapshot(read))
    if article.study_hours > 0:
        log_hours(
            actor=actor,
            person=person,
            source=StudySource.ARTICLE,
            ref=f"article:{article.pk}",
            day=clock.today(),
            hours=article.study_hours,
            note=article.title[:200],
        )
    return read


# --- exports ------------------------------------------------------------------------------------------------

LIST_HEADERS = ["发布时间", "发布组织", "栏目", "标题", "状态", "必学", "学时", "已学人数", "应学人数", "学习率"]
UNREAD_HEADERS = ["所在党组织", "姓名", "党员状态"]
HOURS_HEADERS = ["所在党组织", "姓名", "学习篇数", "计入学时"]

STATE_LABELS = {"draft": "草稿", "published": "已发布", "withdrawn": "已撤回"}


def _tenths(value: Any) -> Decimal:
    """Hours as a Decimal to one place (SQLite hands sums back as numbers of any kind)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def article_list_export(
    *, actor: Any, org: Org | None, articles: list[Article], counts: dict[int, tuple[int, int]], file_name: str
) -> bytes:
    """The listed articles with their read counts, as .xlsx (audited)."""
    rows = []
    for article in articles:
        read, total = counts.get(article.pk, (0, 0))
        rows.append(
            [
                _when(article.published_at),
                article.org.name,
                article.get_kind_display(),
                article.title,
                STATE_LABELS[rules.article_state(article.published_at, article.withdrawn)],
                "是" if article.required else "否",
                article.study_hours,
                read if article.required else "",
                total if article.required else "",
                rules.rate_text(read, total) if article.required else "",
            ]
        )
    caption = f"{org.name if org else '全部'} 微党建内容(导出日期 {clock.today():%Y-%m-%d})"
    content = audited_xlsx(
        Sheet("微党建内容", LIST_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="articles",
        file_name=file_name,
    )
    return content


def unread_export(
    *, actor: Any, org: Org | None, article: Article, people: QuerySet[Person], counts: tuple[int, int], file_name: str
) -> bytes:
    """Who has not yet studied a required item, as .xlsx (audited)."""
    rows = [
        [person.org.name, person.name, person.get_status_display()]
        for person in people.select_related("org").iterator(chunk_size=2000)
    ]
    read, total = counts
    caption = f"《{article.title}》未学习名单 已学 {rules.rate_text(read, total)}(导出日期 {clock.today():%Y-%m-%d})"
    content = audited_xlsx(
        Sheet("未学习名单", UNREAD_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="article_unread",
        file_name=file_name,
    )
    return content


def hours_export(*, actor: Any, org: Org | None, year: int, people: QuerySet[Person], file_name: str) -> bytes:
    """Each member's articles studied and hours credited in a year, as .xlsx (audited)."""
    rows = [
        [
            person.org.name,
            person.name,
            getattr(person, "article_count", 0),
            _tenths(getattr(person, "article_hours", 0)),
        ]
        for person in people.select_related("org").iterator(chunk_size=2000)
    ]
    total = sum((row[3] for row in rows), Decimal("0"))
    caption = f"{org.name if org else '全部'} {year}年度微党课学习学时(导出日期 {clock.today():%Y-%m-%d})"
    content = table_xlsx(
        [Sheet("学习学时", HOURS_HEADERS, rows, caption=caption, totals=["合计", "", sum(r[2] for r in rows), total])]
    )
    record_export(actor=actor, org=org, kind="article_hours", rows=len(rows), file_name=file_name)
    return content
