from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import ArticleKind


class Article(ChoiceLabelsMixin, models.Model):
    """A 微党建 post (微党课, 微党讯, 微交流), published by an org to its whole subtree. A required study item
    (`required`) is read with a receipt and credits `study_hours` to each reader."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("发布组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    kind = models.CharField(_("栏目"), max_length=12, choices=ArticleKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    required = models.BooleanField(_("必学内容"), default=False)
    study_hours = models.DecimalField(_("学习学时"), max_digits=4, decimal_places=1, default=Decimal("0.0"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn = models.BooleanField(_("已撤回"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("微党建内容")
        verbose_name_plural = _("微党建内容")
        indexes = scoped_indexes("article", models.Index(fields=["org_path", "published_at"], name="article_path_day"))

    def __str__(self) -> str:
        return self.title


class ArticleRead(models.Model):
    """A member's read receipt of an article (once per member), with the study hours it credited."""

    county = county_field()
    org_path = path_field()
    article = models.ForeignKey(Article, verbose_name=_("内容"), on_delete=models.CASCADE, related_name="reads")
    person = person_field(related_name="article_reads")
    read_at = models.DateTimeField(_("学习时间"))
    hours = models.DecimalField(_("计入学时"), max_digits=4, decimal_places=1, default=Decimal("0.0"))

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("学习回执")
        verbose_name_plural = _("学习回执")
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="article_read_once")]
        indexes = scoped_indexes("article_read")

    def __str__(self) -> str:
        return f"{self.person} {self.article}"
