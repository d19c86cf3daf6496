"""Demo accounts, one per role, with one shared password; only where the demo data exists."""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.core import services
from dangjian.core.choices import MemberStatus, OrgDomain, OrgKind, OrgLevel, Role
from dangjian.core.demo.places import LINYING, PROVINCE_REGION
from dangjian.core.demo.plan import org_code
from dangjian.core.models import Org, Person, User

DEMO_PASSWORD = "Dangjian@2026"
DEMO_COUNTY_CODE = org_code(LINYING.region, 0)
DEMO_PROVINCE_CODE = org_code(PROVINCE_REGION, 0)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    org: Org
    display_name: str
    person: Person | None = None
    created: bool = False

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def demo_orgs() -> dict[str, Org | Person]:
    """The orgs (and the member) the demo accounts are bound to; empty when there is no demo data.

    Demo accounts share a published password, so they are only made for the generated demo county
    (and province), never for a real county that was imported.
    """
    province = Org.objects.filter(code=DEMO_PROVINCE_CODE, level=OrgLevel.PROVINCE).first()
    county = Org.objects.filter(code=DEMO_COUNTY_CODE, level=OrgLevel.COUNTY).first()
    if county is None and province is not None:
        county = Org.objects.filter(path__startswith=province.path, level=OrgLevel.COUNTY).order_by("path").first()
    if county is None:
        return {"province": province} if province is not None else {}
    found: dict[str, Org | Person] = {"county": county}
    if province is not None:
        found["province"] = province
    township = (
        Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP, domain=OrgDomain.TOWNSHIP).order_by("path").first()
        or Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path").first()
    )
    if township is None:
        return found
    found["township"] = township
    branch = (
        Org.objects.filter(
            path__startswith=township.path, kind=OrgKind.BRANCH, domain=OrgDomain.RURAL, unit__isnull=False
        )
        .order_by("path")
        .first()
    )
    if branch is None:
        return found
    found["branch"] = branch
    member = Person.objects.filter(org=branch, status=MemberStatus.FULL, account__isnull=True).order_by("id").first()
    if member is not None:
        found["member"] = member
    return found


_SPECS = (
    ("province", "demo_province", Role.COUNTY_ADMIN, "省级演示管理员"),
    ("county", "demo_county", Role.COUNTY_ADMIN, "县委组织部演示管理员"),
    ("township", "demo_township", Role.TOWNSHIP_ADMIN, "乡镇党委演示管理员"),
    ("branch", "demo_secretary", Role.BRANCH_SECRETARY, "村党支部书记(演示)"),
    ("member", "demo_member", Role.MEMBER, "党员(演示)"),
)


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the missing demo accounts through the account service; return all of them (fast when present)."""
    existing = {
        user.username: user
        for user in User.objects.filter(username__in=[spec[1] for spec in _SPECS]).select_related("org", "person")
    }
    targets = demo_orgs() if len(existing) < len(_SPECS) else {}
    accounts = []
    for key, username, role, display_name in _SPECS:
        user = existing.get(username)
        if user is not None and user.org is not None:
            accounts.append(DemoAccount(username, user.role, user.org, user.display_name, user.person))
            continue
        target = targets.get(key)
        if target is None:
            continue
        person = target if isinstance(target, Person) else None
        org = person.org if person is not None else target
        assert isinstance(org, Org)
        services.account_create(
            actor=None,
            username=username,
            org=org,
            role=role,
            password=DEMO_PASSWORD,
            person=person,
            display_name=display_name,
        )
        accounts.append(DemoAccount(username, role, org, display_name, person, created=True))
    return accounts
