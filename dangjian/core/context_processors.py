from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from dangjian.core.permissions import can_import, can_manage_accounts, can_view_audit

# (url name, label, who sees it)
NAV = (
    ("core:org_tree", "组织", lambda user: True),
    ("core:person_list", "党员", lambda user: True),
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
