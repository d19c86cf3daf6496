from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core import crypto
from dangjian.core.choices import (
    COUNTED_STANDINGS,
    ETHNICITY_CHOICES,
    ON_ROLL_STANDINGS,
    Education,
    Gender,
    MemberCategory,
    MemberStatus,
    Occupation,
    PostTitle,
    Standing,
)
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.rules import mask_phone
from dangjian.core.scoping import ScopeRule


class PersonQuerySet(models.QuerySet):
    def on_roll(self) -> PersonQuerySet:
        """The current roll: everyone but the historical roll (left the Party, died, transferred out)."""
        return self.filter(standing__in=ON_ROLL_STANDINGS)

    def counted(self) -> PersonQuerySet:
        """Counted as members today (党员总数): 正常, 失联, 出国出境; not 停止党籍, not the historical roll."""
        return self.filter(standing__in=COUNTED_STANDINGS)


class Person(ChoiceLabelsMixin, models.Model):
    """A Party member on an org's roll (花名册), with the national collection form's core items.

    The ID number is stored encrypted; `id_number_index` (a keyed blind index) finds it by exact match
    and `id_number_masked` is what lists show.
    """

    county = models.ForeignKey(
        "core.Org",
        verbose_name=_("所属县(区)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    org = models.ForeignKey("core.Org", verbose_name=_("所在党组织"), on_delete=models.PROTECT, related_name="people")
    org_path = models.CharField(_("组织路径"), max_length=255, editable=False)

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, choices=ETHNICITY_CHOICES, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=32, choices=Education.choices)
    id_number_encrypted = models.TextField(_("公民身份号码(密文)"), editable=False)
    id_number_index = models.CharField(_("公民身份号码索引"), max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18, editable=False)

    status = models.CharField(_("党员状态"), max_length=16, choices=MemberStatus.choices)
    joined_on = models.DateField(_("入党日期"))
    confirmed_on = models.DateField(_("转正日期"), null=True, blank=True)
    standing = models.CharField(_("党籍状态"), max_length=16, choices=Standing.choices, default=Standing.NORMAL)
    standing_since = models.DateField(_("党籍状态起始日期"), null=True, blank=True)
    category = models.CharField(
        _("党员类别"), max_length=32, choices=MemberCategory.choices, default=MemberCategory.ORDINARY
    )
    occupation = models.CharField(_("工作岗位"), max_length=32, choices=Occupation.choices, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    in_hardship = models.BooleanField(_("困难党员"), default=False)
    poverty_registered = models.BooleanField(_("建档立卡贫困户"), default=False)
    party_worker = models.BooleanField(_("党务工作者"), default=False)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    scope = ScopeRule(path="org_path", county="county_id", person="id")
    audit_fields_exclude = ("id_number_encrypted", "id_number_index", "created_at", "updated_at", "org_path")

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        indexes = [
            models.Index(fields=["county", "id"], name="person_county_id"),
            # Scope filter (county, path prefix) and list order (org_path, id) in one index; a page's ids come
            # from an index-only scan (see selectors.paginate).
            # `standing` rides along (PostgreSQL INCLUDE) so the current roll's count stays an index-only scan.
            models.Index(fields=["county", "org_path", "id"], include=["standing"], name="person_roll_path_id"),
            models.Index(fields=["org_path", "id"], name="person_path_id"),
            models.Index(fields=["county", "name"], name="person_county_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """The clear ID number. Call only through `person_reveal_id_number`, which audits the reveal."""
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Post(ChoiceLabelsMixin, models.Model):
    """A post (职务) a person holds in an org, with its term."""

    county = models.ForeignKey(
        "core.Org",
        verbose_name=_("所属县(区)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    org = models.ForeignKey("core.Org", verbose_name=_("任职组织"), on_delete=models.PROTECT, related_name="posts")
    org_path = models.CharField(_("组织路径"), max_length=255, editable=False)
    person = models.ForeignKey(Person, verbose_name=_("任职人员"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("职务"), max_length=32, choices=PostTitle.choices)
    term_start = models.DateField(_("任职开始"))
    term_end = models.DateField(_("任职结束"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        indexes = [
            models.Index(fields=["county", "id"], name="post_county_id"),
            models.Index(fields=["org_path", "title"], name="post_path_title"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_title_display()}"
