from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import CommitmentKind, ReviewStatus


class Commitment(ChoiceLabelsMixin, models.Model):
    """A member's 五亮 entry for a year (亮身份、亮职责、亮承诺、亮业绩、亮形象), reviewed by the branch; shown on
    the member's public card only when approved and the member agrees (`public`)."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="commitments")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=12, choices=CommitmentKind.choices)
    content = models.TextField(_("内容"))
    status = models.CharField(_("状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    public = models.BooleanField(_("同意在公开名片展示"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("五亮承诺")
        verbose_name_plural = _("五亮承诺")
        constraints = [models.UniqueConstraint(fields=["person", "year", "kind"], name="commitment_one_per_kind_year")]
        indexes = scoped_indexes("commitment")

    def __str__(self) -> str:
        return f"{self.person} {self.year} {self.get_kind_display()}"
