"""Enumerations of the platform core. Values are stable English codes; labels are what users see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    WORKING_COMMITTEE = "working_committee", _("党工委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    JOINT_BRANCH = "joint_branch", _("联合党支部")
    TEMPORARY_BRANCH = "temporary_branch", _("临时党支部")
    PARTY_GROUP = "party_group", _("党小组")


# Kinds that hold a member roll of their own (党支部 and its variants).
BRANCH_KINDS = {OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMPORARY_BRANCH}


class OrgDomain(models.TextChoices):
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")
    RURAL = "rural", _("农村")
    COMMUNITY = "community", _("社区")
    GOVERNMENT = "government", _("机关")
    INSTITUTION = "institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    PRIVATE_ENTERPRISE = "private_enterprise", _("非公企业")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    PARK = "park", _("园区")
    OTHER = "other", _("其他")


class OrgLevel(models.TextChoices):
    """Where an org stands in the administrative hierarchy; scoping and summaries key on it."""

    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县(区)")
    TOWNSHIP = "township", _("乡镇(街道)")
    GRASSROOTS = "grassroots", _("基层")


class UnitKind(models.TextChoices):
    VILLAGE = "village", _("行政村")
    COMMUNITY = "community", _("社区")
    ENTERPRISE = "enterprise", _("企业")
    GOVERNMENT = "government", _("机关")
    INSTITUTION = "institution", _("事业单位")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    OTHER = "other", _("其他")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中等专科")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR_HIGH = "junior_high", _("初中")
    PRIMARY_OR_BELOW = "primary_or_below", _("小学及以下")


# 大专及以上, as the national statistics report education.
COLLEGE_OR_ABOVE = {Education.POSTGRADUATE, Education.BACHELOR, Education.JUNIOR_COLLEGE}


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")


class Standing(models.TextChoices):
    """党籍: a member's standing. The last six are the historical roll: the person is kept, never deleted."""

    NORMAL = "normal", _("正常")
    LOST_CONTACT = "lost_contact", _("失联")
    ABROAD = "abroad", _("出国出境")
    SUSPENDED = "suspended", _("停止党籍")
    EXPELLED = "expelled", _("开除党籍")
    REMOVED = "removed", _("除名")
    WITHDRAWN = "withdrawn", _("退党")
    CANCELLED = "cancelled", _("取消预备党员资格")
    DECEASED = "deceased", _("去世")
    TRANSFERRED_OUT = "transferred_out", _("转出本系统")


# Counted as members (党员总数) on a date: 停止党籍 and the historical roll are not.
COUNTED_STANDINGS = {Standing.NORMAL, Standing.LOST_CONTACT, Standing.ABROAD}
ON_ROLL_STANDINGS = COUNTED_STANDINGS | {Standing.SUSPENDED}
HISTORICAL_STANDINGS = {
    Standing.EXPELLED,
    Standing.REMOVED,
    Standing.WITHDRAWN,
    Standing.CANCELLED,
    Standing.DECEASED,
    Standing.TRANSFERRED_OUT,
}


class MemberCategory(models.TextChoices):
    """Seed 002 (召陵) member categories that the points schemes are defined for."""

    ORDINARY = "ordinary", _("普通党员")
    CENTRE_HOUSEHOLD = "centre_household", _("党员中心户")
    GRID_LEADER = "grid_leader", _("党员网格长")
    CADRE = "cadre", _("村组(社区)干部党员")
    MOBILE = "mobile", _("流动党员")
    VETERAN = "veteran", _("老党员")


class Occupation(models.TextChoices):
    """工作岗位 as the yearly Party statistics report it."""

    WORKER = "worker", _("工人(工勤技能人员)")
    FARMER = "farmer", _("农牧渔民")
    PROFESSIONAL = "professional", _("专业技术人员")
    MANAGER = "manager", _("管理人员")
    CIVIL_SERVANT = "civil_servant", _("党政机关工作人员")
    STUDENT = "student", _("学生")
    OTHER = "other", _("其他职业人员")
    RETIRED = "retired", _("离退休人员")


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
    COMMITTEE_MEMBER = "committee_member", _("委员")
    ORGANISATION_MEMBER = "organisation_member", _("组织委员")
    PUBLICITY_MEMBER = "publicity_member", _("宣传委员")
    DISCIPLINE_MEMBER = "discipline_member", _("纪检委员")
    VILLAGE_DIRECTOR = "village_director", _("村委会主任")
    FIRST_SECRETARY = "first_secretary", _("第一书记")
    WORK_TEAM_MEMBER = "work_team_member", _("驻村工作队员")
    LIAISON_CADRE = "liaison_cadre", _("包村干部")
    RESERVE_CADRE = "reserve_cadre", _("后备干部")
    INSTRUCTOR = "instructor", _("党建指导员")


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("县(区)委组织部管理员")
    TOWNSHIP_ADMIN = "township_admin", _("乡镇(街道)党委管理员")
    BRANCH_SECRETARY = "branch_secretary", _("党组织书记")
    MEMBER = "member", _("党员")


ADMIN_ROLES = {Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN}
MANAGER_ROLES = {Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.BRANCH_SECRETARY}


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    MOVE = "move", _("移动")
    REVEAL = "reveal", _("查看身份证号")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")


# The 56 ethnic groups of China, as the national forms list them.
ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
    "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]
