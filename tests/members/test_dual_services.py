"""双报到 through the services and selectors: the home branch registers, both sides see the registration, the
community confirms the service; the home roll does not change and the community sees nothing else of it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel, Role
from dangjian.core.models import AuditEntry, Person
from dangjian.core.scoping import scoped
from dangjian.members.models import CommunityRegistration, CommunityService
from dangjian.members.selectors import dual as selectors
from dangjian.members.services import dual as services
from tests.core.factories import make_account, make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def community_admin(tree):
    return make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)


def register(tree, person=None, community=None, who="secretary_a2", on=dt.date(2026, 1, 15)):
    return services.dual_register(
        actor=tree.accounts[who] if isinstance(who, str) else who,
        person=person or tree.people["a2"][0],
        community=community or tree.community_b1,
        registered_on=on,
        skills="法律咨询",
    )


def test_the_home_branch_registers_and_both_sides_see_it(tree, today, community_admin):
    person = tree.people["a2"][0]
    registration = register(tree)
    assert (registration.home_path, registration.community_path) == (tree.village_a2.path, tree.community_b1.path)
    assert registration.community_county_id == tree.county.pk
    person.refresh_from_db()
    assert person.org_id == tree.village_a2.pk  # the home branch keeps them
    for user in (tree.accounts["secretary_a2"], tree.accounts["town_a"], community_admin):
        assert list(scoped(CommunityRegistration, user)) == [registration]
    assert list(scoped(CommunityRegistration, tree.accounts["secretary_a1"])) == []
    # The community sees the registration, not the member's record on the roll.
    assert not scoped(Person, community_admin).filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="members.communityregistration", org_path=tree.village_a2.path
    ).exists()


def test_only_a_community_organisation_takes_registrations(tree, today):
    group = make_org(
        tree.community_b1, "G003", "和平社区第一党小组", kind=OrgKind.PARTY_GROUP, domain=OrgDomain.COMMUNITY
    )
    for community, message in (
        (tree.village_a1, "在职党员只能到社区党组织报到(所属领域须为社区)"),
        (group, "报到的社区党组织应为社区党支部、党总支或党委,不能是党小组"),
    ):
        with pytest.raises(ValidationError) as refused:
            register(tree, community=community)
        assert refused.value.message_dict["community"] == [message]
    with pytest.raises(ValidationError) as refused:
        register(tree, person=tree.people["b1"][0], who="county")
    assert refused.value.message_dict["community"] == ["报到社区应为居住地社区党组织,不能是本人所在党组织"]
    assert not CommunityRegistration.objects.exists()


def test_a_community_of_another_county_sees_the_registration(tree, today):
    other = make_org(
        None, "C002", "邻县县委", kind=OrgKind.PARTY_COMMITTEE, domain=OrgDomain.GOVERNMENT, level=OrgLevel.COUNTY
    )
    street = make_org(
        other,
        "T101",
        "城关街道党工委",
        kind=OrgKind.WORKING_COMMITTEE,
        domain=OrgDomain.SUBDISTRICT,
        level=OrgLevel.TOWNSHIP,
    )
    community = make_org(
        street, "V101", "城关街道幸福社区党委", kind=OrgKind.PARTY_COMMITTEE, domain=OrgDomain.COMMUNITY
    )
    admin = make_account("other_street", street, Role.TOWNSHIP_ADMIN)
    registration = register(tree, community=community)
    assert registration.community_county_id == other.pk
    assert list(scoped(CommunityRegistration, admin)) == [registration]
    assert not scoped(Person, admin).exists()


def test_one_community_at_a_time_and_only_by_the_home_branch(tree, today, community_admin):
    with pytest.raises(PermissionDenied):
        register(tree, who="secretary_a1")
    with pytest.raises(PermissionDenied):
        register(tree, who=community_admin)
    registration = register(tree)
    with pytest.raises(ValidationError) as refused:
        register(tree, on=dt.date(2026, 2, 1))
    assert refused.value.message_dict["person"] == [
        f"{tree.people['a2'][0].name}已在“{tree.community_b1.name}”报到,须先结束原报到"
    ]
    services.dual_end(actor=community_admin, registration=registration, ended_on=dt.date(2026, 2, 1))
    assert register(tree, on=dt.date(2026, 2, 2)).ended_on is None
    with pytest.raises(ValidationError) as refused:
        register(tree, person=tree.people["a2"][1], on=dt.date(2026, 3, 2))
    assert refused.value.message_dict["registered_on"] == ["报到日期不能晚于今天"]


def test_service_by_the_member_is_confirmed_by_the_community(tree, today, community_admin):
    person = tree.people["a1"][0]  # member_a1's own person
    registration = register(tree, person=person, who="secretary_a1")
    service = services.dual_service_record(
        actor=tree.accounts["member_a1"],
        registration=registration,
        served_on=dt.date(2026, 2, 14),
        hours=Decimal("3.5"),
        content="社区环境整治",
    )
    assert not service.confirmed_by_community
    with pytest.raises(PermissionDenied):
        services.dual_service_confirm(actor=tree.accounts["secretary_a1"], service=service)
    services.dual_service_confirm(actor=community_admin, service=service)
    service.refresh_from_db()
    assert service.confirmed_by_community
    with pytest.raises(ValidationError):
        services.dual_service_confirm(actor=community_admin, service=service)
    by_community = services.dual_service_record(
        actor=community_admin, registration=registration, served_on=TODAY, hours=Decimal("2"), content="疫苗接种引导"
    )
    assert by_community.confirmed_by_community
    audited = AuditEntry.objects.filter(object_type="members.communityservice", object_id=str(by_community.pk)).get()
    assert audited.org_path == tree.village_a1.path


def test_service_refusals(tree, today):
    registration = register(tree)
    secretary = tree.accounts["secretary_a2"]
    values = {"actor": secretary, "registration": registration, "content": "义务巡逻"}
    for served_on, hours, field, message in (
        (dt.date(2026, 1, 14), Decimal("2"), "served_on", "服务日期不能早于报到日期"),
        (dt.date(2026, 3, 2), Decimal("2"), "served_on", "服务日期不能晚于今天"),
        (dt.date(2026, 2, 1), Decimal("24.5"), "hours", "一天的服务时长不超过24小时"),
        (dt.date(2026, 2, 1), Decimal("0"), "hours", "服务时长须大于0小时"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.dual_service_record(served_on=served_on, hours=hours, **values)
        assert refused.value.message_dict[field] == [message]
    with pytest.raises(PermissionDenied):
        services.dual_service_record(
            actor=tree.accounts["member_a1"], registration=registration, served_on=TODAY, hours=1, content="冒名登记"
        )
    assert not CommunityService.objects.exists()
    services.dual_service_record(served_on=dt.date(2026, 2, 20), hours=Decimal("1"), **values)
    with pytest.raises(ValidationError) as refused:
        services.dual_end(actor=secretary, registration=registration, ended_on=dt.date(2026, 2, 19))
    assert refused.value.message_dict["ended_on"] == ["结束日期不能早于最后一次服务日期2026-02-20"]


def test_hours_this_year_seen_from_both_sides(tree, today, community_admin):
    registration = register(tree)
    secretary = tree.accounts["secretary_a2"]
    for served_on, hours in ((dt.date(2026, 1, 20), "2.5"), (dt.date(2026, 2, 20), "1.0")):
        services.dual_service_record(
            actor=secretary, registration=registration, served_on=served_on, hours=Decimal(hours), content="文明劝导"
        )
    services.dual_service_record(
        actor=community_admin, registration=registration, served_on=TODAY, hours=Decimal("4"), content="防汛值守"
    )
    _, home = selectors.registration_list(secretary, {"side": "home"})
    row = home.get()
    assert (row.hours, row.confirmed_hours) == (Decimal("7.5"), Decimal("4.0"))
    _, community = selectors.registration_list(community_admin, {"side": "community"})
    assert [r.pk for r in community] == [registration.pk]
    _, other_side = selectors.registration_list(community_admin, {"side": "home"})
    assert list(other_side) == []
    assert selectors.hours_this_year(community_admin) == {"home": Decimal("0.0"), "community": Decimal("7.5")}
    _, last_year = selectors.registration_list(secretary, {}, year=2025)
    assert last_year.get().hours == Decimal("0.0")


def test_new_member_in_service_is_not_on_the_community_roll(tree, today, community_admin):
    person = make_person(tree.village_a2, name="周在职", phone="13700001111")
    register(tree, person=person)
    registration = scoped(CommunityRegistration, community_admin).select_related("person").get()
    assert (registration.person.name, registration.person.phone) == ("周在职", "13700001111")
    assert not selectors.sees_home_side(community_admin, registration)
    assert selectors.sees_home_side(tree.accounts["secretary_a2"], registration)
