"""Output serializers: what the API shows. Codes sit beside their Chinese labels (`kind`, `kind_display`).

The ID number never leaves in clear here: lists and details carry `id_number_masked`; the clear number
comes only from the audited reveal endpoint.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangjian.core.choices import Occupation, Role
from dangjian.core.models import AuditEntry, Org, Person, Post

SCOPE_KINDS = [("all", "全部"), ("subtree", "本组织及全部下级"), ("self", "仅本人"), ("none", "无")]
AUDIT_SOURCES = {"web": "网页", "api": "接口", "cli": "命令行", "import": "导入", "system": "系统"}


class OrgRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Org
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]
        read_only_fields = fields


class OrgSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="组织类别(中文)")
    domain_display = serializers.CharField(source="get_domain_display", read_only=True, label="所属领域(中文)")
    level_display = serializers.CharField(source="get_level_display", read_only=True, label="层级(中文)")
    parent_id = serializers.IntegerField(read_only=True, allow_null=True, label="上级组织编号")
    parent_code = serializers.CharField(read_only=True, allow_null=True, label="上级组织代码")
    depth = serializers.IntegerField(read_only=True, label="树中深度(县为1)")
    child_count = serializers.IntegerField(source="numchild", read_only=True, label="直接下级组织数")
    member_count = serializers.SerializerMethodField(label="党员数(含全部下级,后台定期统计;尚未统计时为空)")

    class Meta:
        model = Org
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "domain",
            "domain_display",
            "level",
            "level_display",
            "parent_id",
            "parent_code",
            "depth",
            "child_count",
            "member_count",
            "founded_on",
            "term_start",
            "term_end",
            "is_dissolved",
            "dissolved_on",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_member_count(self, org: Org) -> int | None:
        try:
            return org.stats.member_count
        except ObjectDoesNotExist:
            return None


class PersonListSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    gender_display = serializers.CharField(source="get_gender_display", read_only=True, label="性别(中文)")
    education_display = serializers.CharField(source="get_education_display", read_only=True, label="学历(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="党员状态(中文)")
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="党员类别(中文)")
    occupation = serializers.ChoiceField(
        choices=Occupation.choices, allow_blank=True, read_only=True, label="工作岗位(可为空)"
    )
    occupation_display = serializers.CharField(source="get_occupation_display", read_only=True, label="工作岗位(中文)")
    id_number_masked = serializers.CharField(read_only=True, label="公民身份号码(脱敏,前4位和后4位)")
    phone_masked = serializers.CharField(read_only=True, label="联系电话(脱敏)")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "gender_display",
            "ethnicity",
            "birth_date",
            "id_number_masked",
            "education",
            "education_display",
            "status",
            "status_display",
            "joined_on",
            "confirmed_on",
            "category",
            "category_display",
            "occupation",
            "occupation_display",
            "phone_masked",
            "in_hardship",
            "poverty_registered",
            "party_worker",
            "org",
        ]
        read_only_fields = fields


class PersonDetailSerializer(PersonListSerializer):
    class Meta(PersonListSerializer.Meta):
        fields = [*PersonListSerializer.Meta.fields, "phone", "address", "created_at", "updated_at"]
        read_only_fields = fields


class IdNumberSerializer(serializers.Serializer):
    id_number = serializers.CharField(read_only=True, label="公民身份号码")


class PostSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="任职人员")
    org = OrgRefSerializer(read_only=True, label="任职组织")
    title_display = serializers.CharField(source="get_title_display", read_only=True, label="职务(中文)")
    is_current = serializers.SerializerMethodField(label="现任")

    class Meta:
        model = Post
        fields = ["id", "person", "org", "title", "title_display", "term_start", "term_end", "note", "is_current"]
        read_only_fields = fields

    def get_is_current(self, post: Post) -> bool:
        return post.term_end is None or post.term_end >= self.context["today"]


class AuditEntrySerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True, label="操作(中文)")
    source_display = serializers.SerializerMethodField(label="来源(中文)")
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True, label="操作人账号编号")
    before = serializers.JSONField(read_only=True, allow_null=True, label="修改前")
    after = serializers.JSONField(read_only=True, allow_null=True, label="修改后")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "source",
            "source_display",
            "request_id",
            "action",
            "action_display",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields

    def get_source_display(self, entry: AuditEntry) -> str:
        return AUDIT_SOURCES.get(entry.source, entry.source)


class ScopeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SCOPE_KINDS,
        read_only=True,
        label="可见范围",
    )
    org = OrgRefSerializer(read_only=True, allow_null=True, label="范围的根组织")
    description = serializers.CharField(read_only=True, label="说明")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, label="账号编号")
    username = serializers.CharField(read_only=True, label="用户名")
    display_name = serializers.CharField(read_only=True, label="显示名称")
    role = serializers.ChoiceField(choices=Role.choices, read_only=True, label="角色")
    role_display = serializers.CharField(read_only=True, label="角色(中文)")
    org = OrgRefSerializer(read_only=True, allow_null=True, label="所属党组织")
    person_id = serializers.IntegerField(read_only=True, allow_null=True, label="对应党员编号")
    scope = ScopeSerializer(read_only=True, label="可见范围")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, label="令牌")
