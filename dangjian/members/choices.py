"""Enumerations of the member lifecycle."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- recruitment (发展党员) -------------------------------------------------------------------------------

STAGES = {
    1: "申请入党",
    2: "入党积极分子的确定和培养教育",
    3: "发展对象的确定和考察",
    4: "预备党员的接收",
    5: "预备党员的教育考察和转正",
}

# number → (stage, name); rules.md RECRUIT.
STEPS: dict[int, tuple[int, str]] = {
    1: (1, "递交入党申请书"),
    2: (1, "党组织派人谈话"),
    3: (2, "推荐和确定入党积极分子"),
    4: (2, "报上级党委备案"),
    5: (2, "指定培养联系人"),
    6: (2, "培养教育考察"),
    7: (3, "确定发展对象"),
    8: (3, "报上级党委备案"),
    9: (3, "确定入党介绍人"),
    10: (3, "进行政治审查"),
    11: (3, "开展集中培训"),
    12: (4, "支部委员会审查"),
    13: (4, "上级党委预审"),
    14: (4, "填写入党志愿书"),
    15: (4, "支部大会讨论"),
    16: (4, "上级党委派人谈话"),
    17: (4, "上级党委审批"),
    18: (4, "再上一级党委组织部门备案"),
    19: (5, "编入党支部和党小组"),
    20: (5, "入党宣誓"),
    21: (5, "继续教育考察"),
    22: (5, "提出转正申请"),
    23: (5, "支部大会讨论"),
    24: (5, "上级党委审批"),
    25: (5, "材料归档"),
}
STEP_CHOICES = [(number, f"{number}. {name}") for number, (_stage, name) in STEPS.items()]


class TrainingMode(models.TextChoices):
    """Seed 001: a candidate may be trained by a branch other than the one that admits them."""

    OWN = "own", _("本支部培养")
    TWO_WAY = "two_way", _("双向培养")
    ENTRUSTED = "entrusted", _("委托培养")
    TRACKING = "tracking", _("跟踪培养")
    RESIDENT_ASSISTED = "resident_assisted", _("驻地党组织协助培养")


class ApplicantStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("培养考察中")
    PROBATIONARY = "probationary", _("预备党员")
    EXTENDED = "extended", _("延长预备期")
    FULL = "full", _("已转正")
    CANCELLED = "cancelled", _("取消预备党员资格")
    STOPPED = "stopped", _("终止培养")


class RecruitRole(models.TextChoices):
    INTRODUCER = "introducer", _("入党介绍人")
    CONTACT = "contact", _("培养联系人")
    TALKER = "talker", _("谈话人")


class ProbationDecision(models.TextChoices):
    CONFIRM = "confirm", _("按期转正")
    EXTEND = "extend", _("延长预备期")
    CANCEL = "cancel", _("取消预备党员资格")


# --- dues (党费) -----------------------------------------------------------------------------------------


class DuesKindChoice(models.TextChoices):
    EMPLOYED = "employed", _("在职党员")
    RETIRED = "retired", _("离退休党员")
    FARMER = "farmer", _("农民党员")
    STUDENT = "student", _("学生党员")
    UNEMPLOYED = "unemployed", _("下岗失业党员")
    LOW_INCOME = "low_income", _("享受低保等生活困难党员")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    BANK = "bank", _("银行转账")
    ONLINE = "online", _("网上缴纳")
    PROXY = "proxy", _("委托代缴")
    OTHER = "other", _("其他")


class ReductionKind(models.TextChoices):
    REDUCE = "reduce", _("减交")
    WAIVE = "waive", _("免交")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


# --- transfers and mobile members (组织关系转接, 流动党员) ---------------------------------------------------


class TransferKind(models.TextChoices):
    INTERNAL = "internal", _("系统内转接")
    OUTGOING = "outgoing", _("转出本系统")
    INCOMING = "incoming", _("从系统外转入")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("退回")
    CANCELLED = "cancelled", _("已撤销")


class TransferReason(models.TextChoices):
    WORK = "work", _("工作变动")
    RESIDENCE = "residence", _("居住地变动")
    AWAY = "away", _("外出6个月以上")
    STUDY = "study", _("升学毕业")
    MILITARY = "military", _("参军退役")
    OTHER = "other", _("其他")


class MobileStatus(models.TextChoices):
    AWAY = "away", _("外出中")
    RETURNED = "returned", _("已返回")


class MobileSystem(models.TextChoices):
    """Seed 001: the five systems for managing mobile members."""

    FIRST_CONTACT = "first_contact", _("首问责任制度")
    SITUATION_REPORT = "situation_report", _("情况报告制度")
    STUDY_REVIEW = "study_review", _("学习评议制度")
    REGULAR_ACTIVITY = "regular_activity", _("定期活动制度")
    TRAINING = "training", _("培养教育制度")


# --- evaluation, care, standing, 双报到 --------------------------------------------------------------------


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("评议中")
    DECIDED = "decided", _("已定等次")


class FollowupMeasure(models.TextChoices):
    CORRECT = "correct", _("限期改正")
    PERSUADE = "persuade", _("劝其退党")
    REMOVE = "remove", _("除名")
    DISCIPLINE = "discipline", _("给予党纪处分")


class FollowupStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    DONE = "done", _("已办结")


class HardshipKind(models.TextChoices):
    ILLNESS = "illness", _("重大疾病")
    DISABILITY = "disability", _("残疾")
    ELDERLY_ALONE = "elderly_alone", _("高龄独居")
    LOW_INCOME = "low_income", _("低保低收入")
    DISASTER = "disaster", _("因灾因意外")
    OTHER = "other", _("其他困难")


class VisitKind(models.TextChoices):
    HARDSHIP = "hardship", _("困难帮扶")
    ILLNESS = "illness", _("生病探望")
    FESTIVAL = "festival", _("节日慰问")
    BIRTHDAY = "birthday", _("政治生日")
    OTHER = "other", _("其他")


class StandingBasis(models.TextChoices):
    """Why a standing changed (rules.md ORG-10, ORG-11 and the Party's discipline)."""

    LAPSED = "lapsed", _("连续6个月不参加组织生活、不交党费或不做分配的工作(自行脱党)")
    LOST_CONTACT = "lost_contact", _("失去联系")
    LOST_CONTACT_LONG = "lost_contact_long", _("停止党籍2年后仍无法取得联系")
    ABROAD = "abroad", _("出国出境")
    DISCIPLINE = "discipline", _("党纪处分")
    EVALUATION = "evaluation", _("民主评议不合格处置")
    PROBATION = "probation", _("预备期考察")
    REQUEST = "request", _("本人申请")
    RESTORED = "restored", _("恢复党籍")
    DEATH = "death", _("去世")
    OTHER = "other", _("其他")
