from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from dangjian.core.permissions import can_import, can_manage_accounts, can_view_audit

# (url name, label, who sees it)
NAV = (
    ("core:org_tree", "组织", lambda user: True),
    ("core:person_list", "党员", lambda user: True),
    ("members:recruit_pipeline", "发展党员", lambda user: True),
    ("members:dues_ledger", "党费", lambda user: True),
    ("members:transfer_list", "组织关系", lambda user: True),
    ("members:mobile_list", "流动党员", lambda user: True),
    ("members:evaluation_list", "民主评议", lambda user: True),
    ("members:care_overview", "党内关爱", lambda user: True),
    ("members:standing_list", "党籍", lambda user: True),
    ("members:dual_list", "双报到", lambda user: True),
    ("core:import_home", "导入导出", can_import),
    ("core:audit_list", "工作轨迹", can_view_audit),
    ("core:account_list", "账号", lambda user: can_manage_accounts(user, user.org)),
    ("api-docs", "API 文档", lambda user: True),
)


def navigation(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, allowed in NAV:
        if not allowed(user):
            continue
        try:
            items.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return {"nav_items": items}
