"""Enumerations of service and transparency, one section per area (each area adds only under its own header)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- centres -------------------------------------------------------------------------------------------------------


class CentreLevel(models.TextChoices):
    """Which tier of 党群服务中心 (derived from the owning org)."""

    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇(街道)级")
    VILLAGE = "village", _("村级")
    COMMUNITY = "community", _("社区级")


class CentreStatus(models.TextChoices):
    """State of a centre's building (阵地建设状态)."""

    IN_USE = "in_use", _("达标使用")
    NEW = "new", _("新建")
    EXPAND = "expand", _("改扩建")
    REPAIR = "repair", _("维修")
    NONE = "none", _("未建成")


class WorksKind(models.TextChoices):
    NEW = "new", _("新建")
    EXPAND = "expand", _("改扩建")
    REPAIR = "repair", _("维修")


class WorksStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    BUILDING = "building", _("在建")
    DONE = "done", _("建成投用")
    IMPROVING = "improving", _("完善提升")


class RoomKind(models.TextChoices):
    HALL = "hall", _("服务大厅")
    DECISION = "decision", _("民主决策室")
    MEDIATION = "mediation", _("矛盾调解室")
    CHILDREN = "children", _("留守儿童之家")
    ELDERLY = "elderly", _("幸福院")
    CLINIC = "clinic", _("卫生室")
    COOPERATIVE = "cooperative", _("农民专业合作社")
    ACTIVITY = "activity", _("党员活动室")
    LIBRARY = "library", _("图书室")
    ECOMMERCE = "ecommerce", _("电商服务站")
    OTHER = "other", _("其他")


class PlaceState(models.TextChoices):
    """A place's activity-venue state for the 清零 target (best of its centres)."""

    IN_USE = "in_use", _("建成并投入使用")
    UPGRADING = "upgrading", _("正在升级改造")
    IMPROVING = "improving", _("正在完善提升")
    NONE = "none", _("尚无场所")


# --- duty ----------------------------------------------------------------------------------------------------------


class DutyKind(models.TextChoices):
    SIT = "sit", _("坐班")
    DUTY = "duty", _("值班")
    LEAD = "lead", _("领导干部带班")


class DutySlot(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")
    FULL_DAY = "full_day", _("全天")
    NIGHT = "night", _("夜间")


# --- requests ------------------------------------------------------------------------------------------------------


class RequestChannel(models.TextChoices):
    """How a request reached the place."""

    PUBLIC = "public", _("网上提交")
    COUNTER = "counter", _("窗口受理")
    PHONE = "phone", _("电话受理")
    MINQING = "minqing", _("民情夜市")
    VISIT = "visit", _("入户走访")
    OTHER = "other", _("其他")


class RequestCategory(models.TextChoices):
    HOUSEHOLD = "household", _("户籍")
    SOCIAL_SECURITY = "social_security", _("社保医保")
    ASSISTANCE = "assistance", _("民政救助")
    FAMILY_PLANNING = "family_planning", _("计生")
    LAND = "land", _("土地")
    CERTIFICATE = "certificate", _("证明开具")
    SUBSIDY = "subsidy", _("农业补贴")
    OTHER = "other", _("其他")


class ServiceMode(models.TextChoices):
    """The five ways of 坐班+五办."""

    ONSITE = "onsite", _("现场办")
    PROXY = "proxy", _("代理办")
    ASSIST = "assist", _("协助办")
    REFERRAL = "referral", _("介绍办")
    FULL = "full", _("全程办")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待受理")
    HANDLING = "handling", _("办理中")
    DONE = "done", _("已办结")
    RETURNED = "returned", _("已退回")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class RatingSource(models.TextChoices):
    RESIDENT = "resident", _("群众评价")
    REVISIT = "revisit", _("电话回访")


# --- minqing -------------------------------------------------------------------------------------------------------


class IssueChannel(models.TextChoices):
    """How a resident's issue reached the village."""

    NIGHT_MARKET = "night_market", _("民情夜市")
    VISIT = "visit", _("入户走访")
    CALL = "call", _("来电")
    LETTER = "letter", _("来信")
    IN_PERSON = "in_person", _("来访")
    ONLINE = "online", _("网上")
    OTHER = "other", _("其他")


class IssueCategory(models.TextChoices):
    ROAD = "road", _("行路难")
    MEDICAL = "medical", _("就医难")
    WATER = "water", _("饮水")
    POWER = "power", _("用电")
    LAND = "land", _("土地")
    SANITATION = "sanitation", _("环境卫生")
    NEIGHBOUR = "neighbour", _("邻里纠纷")
    EMPLOYMENT = "employment", _("就业")
    EDUCATION = "education", _("教育")
    OTHER = "other", _("其他")


class IssueStatus(models.TextChoices):
    """待交办 → 办理中 → 已解决 → 已反馈; or 无法解决 (with the reason explained to the raiser)."""

    PENDING = "pending", _("待交办")
    HANDLING = "handling", _("办理中")
    RESOLVED = "resolved", _("已解决")
    CLOSED = "closed", _("已反馈")
    UNRESOLVABLE = "unresolvable", _("无法解决")


class IssueFeedback(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIRLY = "fairly", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class MediationLevel(models.TextChoices):
    """Where a dispute is mediated (一员两中心: 组级, 村级, 镇级 mediators; the county above them)."""

    GROUP = "group", _("组级")
    VILLAGE = "village", _("村级")
    TOWN = "town", _("镇级")
    COUNTY = "county", _("县级")


class DisputeKind(models.TextChoices):
    MARRIAGE = "marriage", _("婚姻家庭")
    NEIGHBOUR = "neighbour", _("邻里")
    LAND_CONTRACT = "land_contract", _("土地承包")
    HOMESTEAD = "homestead", _("宅基地")
    DEBT = "debt", _("债务")
    LABOUR = "labour", _("劳动")
    OTHER = "other", _("其他")


class DisputeStatus(models.TextChoices):
    MEDIATING = "mediating", _("调解中")
    SETTLED = "settled", _("调解成功")
    REFERRED = "referred", _("调解不成已移交")


class ReferTarget(models.TextChoices):
    """Where a dispute goes when mediation fails for good (beyond the county's mediation)."""

    COURT = "court", _("法院诉讼")
    PETITION = "petition", _("信访")
    ARBITRATION = "arbitration", _("仲裁")


# --- decisions -----------------------------------------------------------------------------------------------------


class DecisionCategory(models.TextChoices):
    """The kinds of 重大事项 that go through 四议两公开."""

    LAND_ACQUISITION = "land_acquisition", _("征地拆迁")
    LAND_TRANSFER = "land_transfer", _("土地流转")
    ASSET_DISPOSAL = "asset_disposal", _("集体资产处置")
    CONSTRUCTION = "construction", _("工程项目")
    COLLECTIVE_ECONOMY = "collective_economy", _("集体经济")
    PUBLIC_WELFARE = "public_welfare", _("公益事业")
    EXPENDITURE = "expenditure", _("财务开支")
    OTHER = "other", _("其他重大事项")


class DecisionStatus(models.TextChoices):
    """Where a matter stands (derived from its steps, kept on the matter by the services)."""

    STEP1 = "step1", _("第1步进行中")
    STEP2 = "step2", _("第2步进行中")
    STEP3 = "step3", _("第3步进行中")
    STEP4 = "step4", _("第4步进行中")
    RESOLVED = "resolved", _("已决议")
    DISCLOSED = "disclosed", _("已公开")
    COMPLETED = "completed", _("已完成")
    FAILED = "failed", _("未通过")


class DecisionStepKind(models.IntegerChoices):
    """The six steps of 四议两公开, in order."""

    PROPOSE = 1, _("党支部会提议")
    DISCUSS = 2, _("两委会商议")
    REVIEW = 3, _("党员大会审议")
    RESOLVE = 4, _("村民代表会议决议")
    DISCLOSE = 5, _("决议公开")
    REPORT = 6, _("实施结果公开")


class DisclosureChannel(models.TextChoices):
    """How a disclosure is published."""

    BOARD = "board", _("公开栏")
    BROADCAST = "broadcast", _("广播")
    WECHAT = "wechat", _("微信群")
    WEB = "web", _("公开页面")


# --- finance -------------------------------------------------------------------------------------------------------


class ExpenseCategory(models.TextChoices):
    OFFICE = "office", _("办公费")
    ALLOWANCE = "allowance", _("误工补贴")
    WORKS = "works", _("工程款")
    PUBLIC_WELFARE = "welfare", _("公益事业")
    HOSPITALITY = "hospitality", _("招待费")
    UTILITIES = "utilities", _("水电费")
    MAINTENANCE = "maintenance", _("维修费")
    OTHER = "other", _("其他")


class ExpenseStatus(models.TextChoices):
    SIGNING = "signing", _("待审签")
    RETURNED = "returned", _("已退回")
    PAYABLE = "payable", _("待支付")
    PAID = "paid", _("已支付")


class SignRole(models.TextChoices):
    SECRETARY = "secretary", _("书记签字")
    DIRECTOR = "director", _("主任签字")
    ACTING_DIRECTOR = "acting_director", _("代主任签")


class SignVerdict(models.TextChoices):
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("不同意")


class FundKind(models.TextChoices):
    BANK = "bank", _("银行存款")
    CASH = "cash", _("库存现金")


class AssetKind(models.TextChoices):
    BUILDING = "building", _("房屋")
    EQUIPMENT = "equipment", _("设备")
    VEHICLE = "vehicle", _("车辆")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    OTHER = "other", _("其他")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    LEASED = "leased", _("出租")
    IDLE = "idle", _("闲置")
    DISPOSED = "disposed", _("处置")


class ResourceKind(models.TextChoices):
    FARMLAND = "farmland", _("耕地")
    FOREST = "forest", _("林地")
    WATER = "water", _("水面")
    WASTELAND = "wasteland", _("四荒地")
    CONSTRUCTION = "construction", _("集体建设用地")
    OTHER = "other", _("其他")


class ResourceStatus(models.TextChoices):
    SELF_RUN = "self_run", _("自营")
    CONTRACTED = "contracted", _("发包")
    LEASED = "leased", _("出租")
    IDLE = "idle", _("闲置")


# --- audits --------------------------------------------------------------------------------------------------------


class AuditRoundStatus(models.TextChoices):
    """A round of 村官直审: planned, fieldwork under way, done (every village concluded)."""

    PLANNED = "planned", _("计划")
    ONGOING = "ongoing", _("实施中")
    DONE = "done", _("已完成")


class AuditBody(models.TextChoices):
    """Who audits the villages of a round."""

    COUNTY_AUDIT = "county_audit", _("县审计局")
    TOWNSHIP_STATION = "township_station", _("乡镇经管站")
    THIRD_PARTY = "third_party", _("第三方机构")


class AuditConclusion(models.TextChoices):
    """The conclusion of one village's audit."""

    CLEAN = "clean", _("无问题")
    RECTIFY = "rectify", _("有问题需整改")
    REFERRED = "referred", _("移交纪检")


class AuditCategory(models.TextChoices):
    """What a finding is about (the three matters the seed names, and the rest)."""

    FINANCE = "finance", _("财务管理")
    FOUR_TWO = "four_two", _("四议两公开一监督")
    THREE_ASSETS = "three_assets", _("三资管理")
    OTHER = "other", _("其他")


class AuditSeverity(models.TextChoices):
    NORMAL = "normal", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class AuditFindingStatus(models.TextChoices):
    """A finding's rectification: the village reports its result, the township or county verifies it."""

    RECTIFYING = "rectifying", _("整改中")
    REPORTED = "reported", _("待核实")
    RECTIFIED = "rectified", _("整改到位")
