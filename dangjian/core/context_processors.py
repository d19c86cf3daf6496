from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.permissions import can_import, can_manage_accounts, can_view_audit


def _manager(user: Any) -> bool:
    return user.is_superuser or user.role in MANAGER_ROLES


LIFECYCLE = "党员队伍"
ORGLIFE = "组织生活"
VILLAGES = "村级治理"
SERVICE = "服务与公开"

# (url name, label, who sees it, menu group or None). Entries whose page does not exist are left out.
NAV = (
    ("core:org_tree", "组织", lambda user: True, None),
    ("core:person_list", "党员", lambda user: True, None),
    ("members:recruit_pipeline", "发展党员", _manager, LIFECYCLE),
    ("members:dues_ledger", "党费", lambda user: True, LIFECYCLE),
    ("members:transfer_list", "组织关系转接", _manager, LIFECYCLE),
    ("members:mobile_list", "流动党员", _manager, LIFECYCLE),
    ("members:evaluation_list", "民主评议", _manager, LIFECYCLE),
    ("members:care_overview", "党内关爱", _manager, LIFECYCLE),
    ("members:standing_list", "党籍管理", _manager, LIFECYCLE),
    ("members:dual_list", "双报到", _manager, LIFECYCLE),
    ("orglife:meeting_list", "三会一课", _manager, ORGLIFE),
    ("orglife:compliance", "组织生活达标", _manager, ORGLIFE),
    ("orglife:points_home", "积分管理", lambda user: True, ORGLIFE),
    ("orglife:commitment_list", "五亮承诺", lambda user: True, ORGLIFE),
    ("orglife:training_list", "教育培训", _manager, ORGLIFE),
    ("orglife:article_list", "微党建", lambda user: True, ORGLIFE),
    ("orglife:study_home", "学习测试", lambda user: True, ORGLIFE),
    ("orglife:volunteer_home", "志愿服务", lambda user: True, ORGLIFE),
    ("orglife:notice_list", "通知签收", _manager, ORGLIFE),
    ("orglife:report_list", "信息报送", _manager, ORGLIFE),
    ("orglife:settings", "组织生活设置", _manager, ORGLIFE),
    ("villages:economy_home", "集体经济", _manager, VILLAGES),
    ("villages:classification_home", "村级分类", _manager, VILLAGES),
    ("villages:rectification_home", "软弱涣散整顿", _manager, VILLAGES),
    ("villages:pairing_home", "结对共建", _manager, VILLAGES),
    ("villages:project_list", "项目管理", _manager, VILLAGES),
    ("villages:secretary_list", "第一书记", _manager, VILLAGES),
    ("villages:talent_home", "人才队伍", _manager, VILLAGES),
    ("villages:election_list", "村级换届", _manager, VILLAGES),
    ("villages:twonew_home", "两新覆盖", _manager, VILLAGES),
    ("villages:showcase_map", "示范点带", _manager, VILLAGES),
    ("service:centre_list", "党群服务中心", _manager, SERVICE),
    ("service:duty_home", "坐班值班", _manager, SERVICE),
    ("service:request_list", "群众办事", _manager, SERVICE),
    ("service:minqing_home", "民情夜市", _manager, SERVICE),
    ("service:mediation_home", "矛盾调解", _manager, SERVICE),
    ("service:decision_list", "四议两公开", _manager, SERVICE),
    ("service:finance_home", "村财镇管", _manager, SERVICE),
    ("service:asset_list", "三资管理", _manager, SERVICE),
    ("service:audit_list", "村官直审", _manager, SERVICE),
    ("service:public_index", "公开页面", _manager, SERVICE),
    ("core:import_home", "导入导出", can_import, None),
    ("core:audit_list", "工作轨迹", can_view_audit, None),
    ("core:account_list", "账号", lambda user: can_manage_accounts(user, user.org), None),
    ("api-docs", "API 文档", lambda user: True, None),
)


def navigation(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    """The menu: plain links, and groups shown as dropdowns (an item with `children`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for name, label, allowed, group in NAV:
        if not allowed(user):
            continue
        try:
            link = {"url": reverse(name), "label": label}
        except NoReverseMatch:
            continue
        if group is None:
            items.append(link)
        elif group in groups:
            groups[group]["children"].append(link)
        else:
            groups[group] = {"label": group, "children": [link]}
            items.append(groups[group])
    return {"nav_items": items}
