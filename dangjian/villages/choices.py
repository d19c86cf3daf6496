"""Enumerations of village governance, one section per area (each area adds only under its own header)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- economy -------------------------------------------------------------------------------------------------------


class DevelopmentModel(models.TextChoices):
    """村级集体经济发展模式: seed 003's eight (产业带动型 …) and seed 002's six (盘活资源 …; 服务创收 is in both)."""

    INDUSTRY = "industry", _("产业带动型")
    RESOURCES = "resources", _("资源开发型")
    TOURISM = "tourism", _("乡村旅游型")
    ASSETS = "assets", _("资产经营型")
    INVESTMENT = "investment", _("招商引资型")
    ENTITY = "entity", _("实体带动型")
    SERVICES = "services", _("服务创收型")
    LAND = "land", _("土地经营型")
    REVITALISE = "revitalise", _("盘活资源型")
    GOVERNANCE = "governance", _("村庄治理型")
    LEADER = "leader", _("龙头带动型")
    MARKET = "market", _("市场经营型")
    CAPITAL = "capital", _("资本运作型")


class IncomeBand(models.TextChoices):
    """Where a year's collective income (元) falls among the thresholds the reports count (5万, 20万, 1000万, 1亿)."""

    HOLLOW = "hollow", _("5万元以下(空壳/薄弱)")
    FROM_50K = "50k", _("5万元至20万元")
    FROM_200K = "200k", _("20万元至1000万元")
    FROM_10M = "10m", _("1000万元至1亿元")
    FROM_100M = "100m", _("1亿元以上")


# --- classification ------------------------------------------------------------------------------------------------


class VillageTag(models.TextChoices):
    """What a county category of villages means, shared with pairing (党群→弱村, 政法→乱村, 经济→穷村, 涉农→专业村)."""

    WEAK = "weak", _("弱村(组织软弱涣散)")
    DISORDERLY = "disorderly", _("乱村(矛盾多发)")
    POOR = "poor", _("穷村(贫困老区)")
    HOLLOW = "hollow", _("空壳村(集体经济空壳)")
    DIRTY = "dirty", _("脏村(环境脏乱)")
    SPECIALISED = "specialised", _("专业村")
    OTHER = "other", _("其他")


class CategoryBasis(models.TextChoices):
    """The rule by which a county category of villages is evaluated each year."""

    INCOME_BELOW = "income_below", _("集体经济收入低于标准")
    WEAK_BRANCH = "weak_branch", _("确定为软弱涣散党组织")
    ENVIRONMENT_BELOW = "environment_below", _("人居环境评分低于标准或不达标")
    OLD_BASE_POVERTY = "old_base_poverty", _("革命老区村且为贫困村")
    MANUAL = "manual", _("人工认定")


class PolicyStatus(models.TextChoices):
    """一村一策 progress."""

    PLANNED = "planned", _("已制定")
    ONGOING = "ongoing", _("推进中")
    DONE = "done", _("已完成")


# --- rectification -------------------------------------------------------------------------------------------------


class WeakCriterion(models.TextChoices):
    """The common criteria of a 软弱涣散 Party organisation (a branch with one ticked is a candidate whatever its
    ranking)."""

    DISUNITED = "disunited", _("班子不团结、内耗严重")
    SECRETARY_VACANT = "secretary_vacant", _("书记长期空缺或不胜任")
    LIFE_IRREGULAR = "life_irregular", _("组织生活不正常")
    HOLLOW_ECONOMY = "hollow_economy", _("集体经济空壳")
    DISPUTES = "disputes", _("矛盾纠纷突出、信访问题集中")
    CLAN_INTERFERENCE = "clan_interference", _("宗族宗教或黑恶势力干扰")
    LAX_MANAGEMENT = "lax_management", _("村务管理混乱、财务不公开")
    WEAK_SERVICE = "weak_service", _("服务群众意识差、群众意见大")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class CandidateSource(models.TextChoices):
    RANKING = "ranking", _("排名靠后")
    CRITERION = "criterion", _("符合软弱涣散情形")
    TOWNSHIP = "township", _("乡镇提出")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("待县委组织部确认")
    CONFIRMED = "confirmed", _("已确定为整顿对象")
    REJECTED = "rejected", _("未列入")


class CaseStatus(models.TextChoices):
    RECTIFYING = "rectifying", _("整顿中")
    APPLIED = "applied", _("已申请验收")
    EXITED = "exited", _("已整顿到位")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("组长")
    MEMBER = "member", _("成员")


class ExitCondition(models.TextChoices):
    """Seed 004's five "不撤离": the team leaves only when every one is met (in this order)."""

    TEAM_STRONG = "team_strong", _("村级班子不建强不撤离")
    WORK_ADVANCED = "work_advanced", _("重要工作不推进不撤离")
    ISSUES_SOLVED = "issues_solved", _("难点热点问题不解决不撤离")
    ECONOMY_CLEAR = "economy_clear", _("村级经济发展思路不明确不撤离")
    PEOPLE_SATISFIED = "people_satisfied", _("群众对班子不满意不撤离")


# --- pairing -------------------------------------------------------------------------------------------------------


class DepartmentType(models.TextChoices):
    """The kind of a pairing unit (结对单位); the first four are matched to village categories (seed 001)."""

    PARTY_MASS = "party_mass", _("党群部门")
    LEGAL = "legal", _("政法部门")
    ECONOMIC = "economic", _("经济部门")
    AGRICULTURE = "agriculture", _("涉农部门")
    EDU_HEALTH = "edu_health", _("教育卫生部门")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class PairActivityKind(models.TextChoices):
    """The "四项制度" of pairing, each held as a dated record."""

    COLLECTIVE_DAY = "collective_day", _("集体活动日")
    ANALYSIS_MEETING = "analysis_meeting", _("结对共建分析会议")
    SECONDMENT = "secondment", _("交流挂职")
    MUTUAL_AID = "mutual_aid", _("日常党建互助")


class FiveOneItem(models.TextChoices):
    """The "五个一" checklist of a pair in a year."""

    AGREEMENT = "agreement", _("共签一个互助协议")
    DEVELOPMENT = "development", _("共谋一条发展路子")
    TRAINING_BASE = "training_base", _("共享一个实践培训基地")
    ORG_LIFE = "org_life", _("共过一次组织生活")
    MEMBERS = "members", _("共联一批困难党员和创业党员")


class OutputKind(models.TextChoices):
    """What an assistance output counts (成效台账); the unit follows the kind (`rules.OUTPUT_UNITS`), except 其他
    whose name and unit are written on the row."""

    FUNDS = "funds", _("帮扶资金")
    PROBLEMS = "problems", _("解决实际困难")
    DEEDS = "deeds", _("办实事好事")
    PROJECTS = "projects", _("引进项目")
    TREES = "trees", _("植树")
    GREENED = "greened", _("绿化")
    ROAD_AREA = "road_area", _("硬化道路")
    ROAD_LENGTH = "road_length", _("修建道路")
    TRAINED = "trained", _("培训群众")
    OTHER = "other", _("其他")


# --- projects ------------------------------------------------------------------------------------------------------


class ProjectCategory(models.TextChoices):
    """Kinds of project as the seeds count them (经济发展类 322, 基础设施类 160 of 482)."""

    PARTY_BUILDING = "party_building", _("党建项目")
    ECONOMIC = "economic", _("经济发展类")
    INFRASTRUCTURE = "infrastructure", _("基础设施类")
    PUBLIC_SERVICE = "public_service", _("公益服务类")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("审批中")
    APPROVED = "approved", _("已立项")
    ONGOING = "ongoing", _("实施中")
    COMPLETED = "completed", _("已完成")
    REJECTED = "rejected", _("已驳回")
    TERMINATED = "terminated", _("已终止")


class StepState(models.TextChoices):
    WAITING = "waiting", _("待审批")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("未进行")


class ApproverRole(models.TextChoices):
    """Who approves a step: the values of core `Role` that manage (a member account approves nothing)."""

    BRANCH_SECRETARY = "branch_secretary", _("村(社区)党组织书记")
    TOWNSHIP_ADMIN = "township_admin", _("乡镇(街道)党委")
    COUNTY_ADMIN = "county_admin", _("县(区)委组织部")


# --- secretaries ---------------------------------------------------------------------------------------------------


class PostingRole(models.TextChoices):
    """Who is sent to a village: the 第一书记 and the members of the 驻村工作队."""

    FIRST_SECRETARY = "first_secretary", _("第一书记")
    TEAM_LEADER = "team_leader", _("工作队队长")
    TEAM_MEMBER = "team_member", _("工作队员")


class PostingStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")
    ROTATED = "rotated", _("已轮换")
    RECALLED = "recalled", _("已召回/撤换")


class PostingEndReason(models.TextChoices):
    """Why a posting ended; the first two are a 撤换 (recall), the rest a normal rotation."""

    NOT_RESIDENT = "not_resident", _("不在村居住")
    UNDERPERFORMING = "underperforming", _("履职不力")
    TERM_ENDED = "term_ended", _("任期届满")
    TRANSFERRED = "transferred", _("工作调动")
    OTHER = "other", _("其他")


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class ReportCycle(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


# --- talent --------------------------------------------------------------------------------------------------------


class TalentPool(models.TextChoices):
    """The talent pools of F4.7 (seeds 001, 002): 后备干部, 返乡人才, 一村一名大学生, 专家人才, 乡土人才."""

    RESERVE = "reserve", _("村级后备干部")
    RETURNEE = "returnee", _("返乡创业人员")
    GRADUATE = "graduate", _("一村一名大学生")
    EXPERT = "expert", _("专家人才")
    LOCAL = "local", _("乡土人才")


class TalentStatus(models.TextChoices):
    ACTIVE = "active", _("在库")
    USED = "used", _("已使用")
    EXITED = "exited", _("退出")


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    MASSES = "masses", _("群众")


class ExpertField(models.TextChoices):
    PLANTING = "planting", _("种植技术")
    LIVESTOCK = "livestock", _("畜牧养殖")
    AQUACULTURE = "aquaculture", _("水产养殖")
    MACHINERY = "machinery", _("农业机械")
    ECOMMERCE = "ecommerce", _("电子商务")
    LAW = "law", _("法律服务")
    HEALTH = "health", _("医疗卫生")
    EDUCATION = "education", _("教育培训")
    FINANCE = "finance", _("财务会计")
    PLANNING = "planning", _("规划建设")
    DISTANCE = "distance", _("远程教育")
    OTHER = "other", _("其他")


class ServiceTeamKind(models.TextChoices):
    AGRI_TECH = "agri_tech", _("农技服务队")
    PIONEER = "pioneer", _("党员创业先锋服务队")
    DISTANCE = "distance", _("远程教育辅导员队")
    EXPERT = "expert", _("专家服务团")
    OTHER = "other", _("其他服务队")


class SecondmentStatus(models.TextChoices):
    ACTIVE = "active", _("挂职中")
    COMPLETED = "completed", _("期满结束")
    ENDED_EARLY = "ended_early", _("提前结束")


class MentoringStatus(models.TextChoices):
    ACTIVE = "active", _("帮带中")
    ENDED = "ended", _("已结束")


# --- elections -----------------------------------------------------------------------------------------------------


class ElectionBody(models.TextChoices):
    """Which committee a term change elects: the Party committee, the villagers' committee, or both (两委)."""

    PARTY = "party", _("村党组织委员会")
    VILLAGER = "villager", _("村民委员会")
    BOTH = "both", _("两委")


class CommitteeBody(models.TextChoices):
    PARTY = "party", _("村党组织委员会")
    VILLAGER = "villager", _("村民委员会")


class CommitteePost(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
    DIRECTOR = "director", _("主任")
    DEPUTY_DIRECTOR = "deputy_director", _("副主任")
    MEMBER = "member", _("委员")


class CommitteeSide(models.TextChoices):
    OLD = "old", _("换届前")
    NEW = "new", _("换届后")


class ChangeStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    DONE = "done", _("已完成")


# --- twonew --------------------------------------------------------------------------------------------------------


class TwoNewKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("非公企业")
    SOCIAL = "social", _("社会组织")


class TwoNewSubtype(models.TextChoices):
    """Subtypes of each kind (the value's prefix names the kind)."""

    ENT_LIMITED = "ent_limited", _("有限责任公司")
    ENT_STOCK = "ent_stock", _("股份有限公司")
    ENT_SOLE = "ent_sole", _("个人独资企业")
    ENT_PARTNERSHIP = "ent_partnership", _("合伙企业")
    ENT_INDIVIDUAL = "ent_individual", _("个体工商户")
    SOC_ASSOCIATION = "soc_association", _("社会团体")
    SOC_TRADE = "soc_trade", _("行业协会商会")
    SOC_SERVICE = "soc_service", _("社会服务机构(民办非企业单位)")
    SOC_FOUNDATION = "soc_foundation", _("基金会")


class BranchStatus(models.TextChoices):
    OWN = "own", _("单独建立党组织")
    JOINT = "joint", _("纳入联合党支部")
    NONE = "none", _("未建立党组织")


class EffectiveItem(models.TextChoices):
    """The 有效覆盖 checklist of a yearly assessment."""

    ACTIVITIES = "activities", _("组织生活正常开展")
    SECRETARY = "secretary", _("党组织书记配备到位")
    PREMISES = "premises", _("有固定活动场所")
    FUNDS = "funds", _("有党建工作经费")
    RECORDS = "records", _("制度台账健全")
    ROLE = "role", _("党员作用发挥明显")


# --- showcase ------------------------------------------------------------------------------------------------------


class ShowcaseTheme(models.TextChoices):
    """What a demonstration point shows (seed 002's 农村、社区、非公企业 points; seed 003's 五个基本, 绿色家园)."""

    REVITALISATION = "revitalisation", _("乡村振兴")
    GOVERNANCE = "governance", _("基层治理")
    SERVICE = "service", _("党群服务")
    INDUSTRY = "industry", _("产业发展")
    ECOLOGY = "ecology", _("生态宜居")
    CULTURE = "culture", _("乡风文明")
    PAIRING = "pairing", _("结对共建")
    TWO_NEW = "two_new", _("两新党建")


class ShowcaseLevel(models.TextChoices):
    """Who named the point (县级, 市级, 省级), lowest first."""

    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class ShowcaseStatus(models.TextChoices):
    CULTIVATING = "cultivating", _("培育中")
    NAMED = "named", _("已命名")
    REVOKED = "revoked", _("已撤销")


class VisitKind(models.TextChoices):
    """How others learn from a point (seed 003: 组织参观、召开现场会)."""

    TOUR = "tour", _("观摩")
    ONSITE = "onsite", _("现场会")
