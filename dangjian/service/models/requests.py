"""群众办事代办 (坐班+五办, F5.3): a resident's request at a village or community, filed on the public form or at the
counter, accepted in one of the five modes with a handler and a deadline, its progress, its result (or its return),
the resident's satisfaction, and the escalation of overdue requests to the township. The county may set the days
each mode allows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import (
    RatingSource,
    RequestCategory,
    RequestChannel,
    RequestStatus,
    Satisfaction,
    ServiceMode,
)

__all__ = ["RequestDeadlineSetting", "RequestProgress", "ServiceRequest"]


class RequestDeadlineSetting(models.Model):
    """The county's days from filing to the deadline per mode (the platform's defaults where not set)."""

    county = county_field()
    org = models.OneToOneField("core.Org", verbose_name=_("县(区)委组织部"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    onsite_days = models.PositiveSmallIntegerField(_("现场办时限(天)"), default=0)
    proxy_days = models.PositiveSmallIntegerField(_("代理办时限(天)"), default=5)
    assist_days = models.PositiveSmallIntegerField(_("协助办时限(天)"), default=5)
    referral_days = models.PositiveSmallIntegerField(_("介绍办时限(天)"), default=3)
    full_days = models.PositiveSmallIntegerField(_("全程办时限(天)"), default=15)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("代办时限设置")
        verbose_name_plural = _("代办时限设置")

    def __str__(self) -> str:
        return f"{self.org}代办时限"

    def as_days(self) -> dict[str, int]:
        """{mode: days}, as `rules.default_deadline` takes them."""
        return {mode: getattr(self, f"{mode}_days") for mode in ServiceMode.values}


class ServiceRequest(ChoiceLabelsMixin, models.Model):
    """A resident's request (办事/代办事项). The resident's name and phone are for the cadres only: never public."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    receipt_code = models.CharField(_("回执码"), max_length=16, unique=True)
    channel = models.CharField(_("受理渠道"), max_length=12, choices=RequestChannel.choices)
    category = models.CharField(_("事项类别"), max_length=20, choices=RequestCategory.choices)
    content = models.TextField(_("办事内容"))
    resident_name = models.CharField(_("群众姓名"), max_length=50)
    resident_phone = models.CharField(_("联系电话"), max_length=20)
    filed_at = models.DateTimeField(_("提交时间"))
    filed_on = models.DateField(_("提交日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    mode = models.CharField(_("办理方式"), max_length=10, choices=ServiceMode.choices, blank=True)
    referred_to = models.CharField(_("介绍到的部门"), max_length=100, blank=True)
    handler_name = models.CharField(_("经办人"), max_length=50, blank=True)
    handler_person = models.ForeignKey(
        "core.Person", verbose_name=_("经办人(党员)"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("办理时限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    finished_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    escalated_at = models.DateTimeField(_("上报乡镇时间"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        "core.Org", verbose_name=_("上报乡镇"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_over_at = models.DateTimeField(_("乡镇接办时间"), null=True, blank=True)
    rating = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    rating_source = models.CharField(_("评价方式"), max_length=10, choices=RatingSource.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("群众办事")
        verbose_name_plural = _("群众办事")
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=F("filed_on")), name="requests_deadline_after_filing"),
            models.CheckConstraint(
                condition=(Q(status=RequestStatus.DONE) & Q(finished_on__isnull=False))
                | (~Q(status=RequestStatus.DONE) & Q(finished_on__isnull=True)),
                name="requests_done_dated",
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=F("filed_on")),
                name="requests_finished_after_filing",
            ),
            models.CheckConstraint(
                condition=Q(rating="") | Q(status=RequestStatus.DONE), name="requests_rated_when_done"
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.PENDING) | ~Q(mode="") | Q(status=RequestStatus.RETURNED),
                name="requests_accepted_with_mode",
            ),
        ]
        indexes = scoped_indexes(
            "requests",
            models.Index(fields=["county", "filed_on"], name="requests_county_filed"),
            models.Index(fields=["status", "deadline"], name="requests_status_deadline"),
            models.Index(fields=["escalated_to", "status"], name="requests_escalated"),
        )

    def __str__(self) -> str:
        return f"{self.get_category_display()}({self.receipt_code})"


class RequestProgress(models.Model):
    """A line of a request's progress, written by the cadre handling it (shown to the holder of the receipt code)."""

    county = county_field()
    org_path = path_field()
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("办事事项"), on_delete=models.CASCADE, related_name="progress"
    )
    occurred_at = models.DateTimeField(_("时间"))
    text = models.TextField(_("办理进展"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        indexes = scoped_indexes(
            "req_progress", models.Index(fields=["request", "occurred_at"], name="req_progress_request")
        )

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.text[:20]}"
