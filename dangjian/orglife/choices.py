"""Enumerations of organisational life, points and learning."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- meetings (三会一课, 主题党日) ------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", _("支部党员大会")
    COMMITTEE_MEETING = "committee_meeting", _("支委会")
    GROUP_MEETING = "group_meeting", _("党小组会")
    PARTY_LESSON = "party_lesson", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    EVALUATION = "evaluation", _("民主评议")
    HEART_TALK = "heart_talk", _("谈心谈话")


class MeetingStatus(models.TextChoices):
    """What a user sees; a meeting stores only `cancelled` and `held`, the rest follows from its times."""

    PLANNED = "planned", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    FINISHED = "finished", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("正常")
    LATE = "late", _("迟到")
    PERSONAL_LEAVE = "personal_leave", _("事假")
    SICK_LEAVE = "sick_leave", _("病假")
    OFFICIAL_LEAVE = "official_leave", _("公假")
    ABSENT = "absent", _("缺席")


# Statuses that count as having taken part in organisational life (attendance rate numerator, ORG-10).
ATTENDED = {AttendanceStatus.PRESENT, AttendanceStatus.LATE}
# Absences with a reason (请假): not counted as attended, but not "without good reason" either.
EXCUSED = {AttendanceStatus.PERSONAL_LEAVE, AttendanceStatus.SICK_LEAVE, AttendanceStatus.OFFICIAL_LEAVE}


class CheckinMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    SECRETARY = "secretary", _("书记登记")


class Cycle(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    HALF_YEAR = "half_year", _("每半年")
    YEAR = "year", _("每年")


class OrgCategory(models.TextChoices):
    """Which organisations a routine requirement applies to."""

    ALL_BRANCHES = "all_branches", _("全部党支部")
    RURAL = "rural", _("农村党支部")
    COMMUNITY = "community", _("社区党支部")
    GOVERNMENT = "government", _("机关党支部")
    ENTERPRISE = "enterprise", _("企业党支部")
    OTHER = "other", _("其他党支部")
    PARTY_GROUP = "party_group", _("党小组")


class ComplianceState(models.TextChoices):
    MET = "met", _("按要求开展")
    LATE_ENTRY = "late_entry", _("含补录")
    MISSING = "missing", _("未开展")
    NOT_DUE = "not_due", _("周期未结束")


# --- points (积分管理) ----------------------------------------------------------------------------------------


class PointSource(models.TextChoices):
    """How an item's points arrive: recorded automatically from another record, claimed by the member and approved
    by the branch ("双量双评"), or entered by the branch (rewards and deductions)."""

    ATTENDANCE = "attendance", _("自动:参加组织生活")
    DUES = "dues", _("自动:按时交纳党费")
    VOLUNTEER = "volunteer", _("自动:志愿服务时长")
    STUDY = "study", _("自动:学习测试")
    TRAINING = "training", _("自动:参加培训")
    CLAIM = "claim", _("党员申报、支部审核")
    BRANCH = "branch", _("支部登记")


AUTO_SOURCES = {
    PointSource.ATTENDANCE,
    PointSource.DUES,
    PointSource.VOLUNTEER,
    PointSource.STUDY,
    PointSource.TRAINING,
}


class PointEntryStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已计入")
    REJECTED = "rejected", _("未通过")


# --- 五亮 -----------------------------------------------------------------------------------------------------


class CommitmentKind(models.TextChoices):
    IDENTITY = "identity", _("亮身份")
    DUTY = "duty", _("亮职责")
    PROMISE = "promise", _("亮承诺")
    ACHIEVEMENT = "achievement", _("亮业绩")
    IMAGE = "image", _("亮形象")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


# --- training (培训) ------------------------------------------------------------------------------------------


class TrainingKind(models.TextChoices):
    CONCENTRATED = "concentrated", _("集中培训")
    ON_SITE = "on_site", _("现场教学")
    VIDEO = "video", _("观看电教片")
    VISIT = "visit", _("外出参观学习")
    MEETING = "meeting", _("以会带训")
    EXPERT = "expert", _("专家授课")


class TrainingGroup(models.TextChoices):
    """Who a yearly rotation target ("全部轮训一遍") covers."""

    VILLAGE_CADRES = "village_cadres", _("村(社区)干部")
    SECRETARIES = "secretaries", _("党组织书记")
    FIRST_SECRETARIES = "first_secretaries", _("第一书记")
    MEMBERS = "members", _("党员")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    ATTENDED = "attended", _("已参训")
    ABSENT = "absent", _("未参训")


# --- 微党建 content -------------------------------------------------------------------------------------------


class ArticleKind(models.TextChoices):
    LESSON = "lesson", _("微党课")
    NEWS = "news", _("微党讯")
    EXCHANGE = "exchange", _("微交流")


# --- volunteers (志愿服务) ------------------------------------------------------------------------------------


class ActivityStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


# --- notices and reports (上传下达, 信息报送) -----------------------------------------------------------------


class NoticeReach(models.TextChoices):
    CHILDREN = "children", _("直属下级组织")
    BRANCHES = "branches", _("全部下级党支部")
    ALL = "all", _("全部下级组织")


class ReportKind(models.TextChoices):
    WORK = "work", _("工作动态")
    EXPERIENCE = "experience", _("经验做法")
    PROBLEM = "problem", _("问题建议")
    DATA = "data", _("数据报表")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ADOPTED = "adopted", _("已采用")
    FILED = "filed", _("已阅存档")
    RETURNED = "returned", _("已退回")


# --- study (学习测试) -----------------------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    JUDGE = "judge", _("判断题")


class StudySource(models.TextChoices):
    """Where a member's study hours come from (the yearly 32-hour rule counts them all)."""

    TRAINING = "training", _("参加培训")
    ARTICLE = "article", _("微党课学习")
    QUIZ = "quiz", _("学习测试")
    SELF = "self", _("自学登记")
