from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopeRule


class OrgStats(models.Model):
    """Figures of one org rolled up over its whole subtree, refreshed in the background.

    Workbenches and the tree read one row each instead of scanning people per request.
    `breakdown` holds the structures: {"gender": {...}, "age_band": {...}, "education": {...}, ...}.
    """

    org = models.OneToOneField("core.Org", on_delete=models.CASCADE, primary_key=True, related_name="stats")
    county = models.ForeignKey("core.Org", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    path = models.CharField(max_length=255, db_index=True)
    member_count = models.PositiveIntegerField(_("党员数"), default=0)
    probationary_count = models.PositiveIntegerField(_("预备党员数"), default=0)
    female_count = models.PositiveIntegerField(_("女党员数"), default=0)
    minority_count = models.PositiveIntegerField(_("少数民族党员数"), default=0)
    college_count = models.PositiveIntegerField(_("大专及以上学历党员数"), default=0)
    org_count = models.PositiveIntegerField(_("党组织数(含本级)"), default=0)
    branch_count = models.PositiveIntegerField(_("党支部数"), default=0)
    breakdown = models.JSONField(_("结构"), default=dict)
    refreshed_at = models.DateTimeField(_("统计时间"))

    scope = ScopeRule(path="path", county="county_id", own_org=True)

    class Meta:
        verbose_name = _("组织统计")
        verbose_name_plural = _("组织统计")

    def __str__(self) -> str:
        return f"{self.org_id}: {self.member_count}"
