from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import Standing
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.members.choices import StandingBasis


class StandingChange(ChoiceLabelsMixin, models.Model):
    """A dated, reasoned change of a member's 党籍 (F1.7). The history answers "a member on date D?"."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="standing_changes")
    changed_on = models.DateField(_("生效日期"))
    from_standing = models.CharField(_("原党籍状态"), max_length=16, choices=Standing.choices)
    to_standing = models.CharField(_("新党籍状态"), max_length=16, choices=Standing.choices)
    basis = models.CharField(_("依据"), max_length=20, choices=StandingBasis.choices)
    reason = models.CharField(_("理由"), max_length=300)
    branch_resolution_on = models.DateField(_("支部大会决定日期"), null=True, blank=True)
    approved_on = models.DateField(_("上级党组织批准日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("记录人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("党籍变动")
        verbose_name_plural = _("党籍变动")
        ordering = ["person", "changed_on", "id"]
        indexes = scoped_indexes(
            "standing_change", models.Index(fields=["person", "changed_on"], name="standing_person_day")
        )

    def __str__(self) -> str:
        return f"{self.person} {self.get_to_standing_display()} {self.changed_on}"
