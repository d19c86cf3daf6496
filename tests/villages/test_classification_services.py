"""村级分类 services: the county's categories (seed defaults, who may define them), the data the rules read (who may
enter it), the evaluation of a year with hand-counted villages (each reason), re-running it, 一村一策, the
transformation and the pairing contract."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core import services as core_services
from dangjian.core.choices import AuditAction, UnitKind
from dangjian.core.models import AuditEntry
from dangjian.villages.models import (
    ClassificationResult,
    ClassificationRun,
    RectCandidate,
    VillageCategory,
    VillagePolicy,
)
from dangjian.villages.selectors import classification as selectors
from dangjian.villages.services import classification as services
from dangjian.villages.services import economy as economy_services
from dangjian.villages.services import rectification as rect_services
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def by_basis(tree, basis):
    return VillageCategory.objects.get(county_id=tree.county.pk, basis=basis)


def test_seed_categories_and_who_defines_them(tree):
    created = services.categories_ensure(actor=None, county=tree.county)
    assert [c.name for c in created] == ["组织软弱村", "环境脏乱村", "贫困老区村", "集体经济空壳村"]
    assert by_basis(tree, "income_below").threshold == Decimal("50000.00")
    assert services.categories_ensure(actor=None, county=tree.county) == created  # once
    county = tree.accounts["county"]
    category = services.category_create(
        actor=county, county=tree.county, name="矛盾多发村", tag="disorderly", basis="manual", threshold=5
    )
    assert category.threshold is None  # a manual rule keeps no standard
    for who in ("town_a", "secretary_a1"):
        with pytest.raises(PermissionDenied):
            services.category_create(
                actor=tree.accounts[who], county=tree.county, name="专业村", tag="specialised", basis="manual"
            )
    with pytest.raises(ValidationError) as error:
        services.category_create(actor=county, county=tree.county, name="矛盾多发村", tag="disorderly", basis="manual")
    assert error.value.message_dict["name"] == ["已有名为“矛盾多发村”的类别"]
    with pytest.raises(ValidationError) as error:
        services.category_create(actor=county, county=tree.county, name="穷村", tag="poor", basis="income_below")
    assert error.value.message_dict["threshold"] == ["请填写大于0的收入标准(元)"]
    with pytest.raises(ValidationError):
        services.category_create(actor=county, county=tree.town_a, name="x", tag="poor", basis="manual")
    updated = services.category_update(actor=county, category=category, active=False)
    assert not updated.active
    assert AuditEntry.objects.filter(object_type="villages.villagecategory", action=AuditAction.UPDATE).count() == 1


def test_environment_and_profile_by_the_township_for_its_villages_only(tree):
    town = tree.accounts["town_a"]
    found = services.environment_save(actor=town, org=tree.village_a1, year=2025, score=55)
    assert found.score == 55 and found.county_id == tree.county.pk
    again = services.environment_save(actor=town, org=tree.village_a1, year=2025, score=70, substandard=True)
    assert again.pk == found.pk and again.substandard
    with pytest.raises(PermissionDenied):  # a village cannot assess itself
        services.environment_save(actor=tree.accounts["secretary_a1"], org=tree.village_a1, year=2025, score=90)
    other_town = make_org(
        tree.county, "T009", "南山镇党委", kind="party_committee", domain="township", level="township"
    )
    other_village = make_org(other_town, "V091", "南山镇石桥村党支部")
    with pytest.raises(PermissionDenied):
        services.environment_save(actor=town, org=other_village, year=2025, score=90)
    with pytest.raises(ValidationError) as error:
        services.environment_save(actor=town, org=tree.village_a2, year=2025, score=101)
    assert error.value.message_dict["score"] == ["人居环境评分应在0至100分之间"]
    services.environment_save(actor=town, org=tree.village_a2, year=2025, score=100)
    services.environment_save(actor=town, org=tree.village_a2, year=2025, score=0)
    with pytest.raises(ValidationError):
        services.environment_save(actor=tree.accounts["county"], org=tree.community_b1, year=2025, score=50)
    profile = services.profile_save(actor=town, org=tree.village_a1, old_revolutionary_base=True)
    assert profile.old_revolutionary_base
    with pytest.raises(PermissionDenied):
        services.profile_save(actor=tree.accounts["secretary_a1"], org=tree.village_a1, old_revolutionary_base=True)


def _weak(tree, org, year):
    round_ = rect_services.round_create(actor=None, county=tree.county, year=year)
    rect_services.candidate_add(actor=None, round=round_, org=org, reason="班子不团结")
    rect_services.candidate_confirm(actor=None, candidate=RectCandidate.objects.get(round=round_, org=org))


def test_evaluation_hand_counted(tree):
    """Seven villages: a1 32000 元, a2 50000 元 (not hollow), v3 49999.99 (hollow), v4 no report (hollow, 未填报),
    v5 an old base and a poverty village with 80000 元, v6 environment 59 with 60000 元, v7 environment 60 with
    1,000,000 元 and confirmed weak; a hand-marked 乱村: a2."""
    v3, v4, v5, v6, v7 = (make_org(tree.town_a, f"V02{i}", f"东城镇{i}号村党支部") for i in range(3, 8))
    county = tree.accounts["county"]
    services.categories_ensure(actor=county, county=tree.county)
    disorderly = services.category_create(
        actor=county, county=tree.county, name="矛盾多发村", tag="disorderly", basis="manual", since_year=2020
    )
    for org, income in ((tree.village_a1, 32000), (tree.village_a2, 50000), (v3, "49999.99"), (v5, 80000)):
        economy_services.village_year_save(actor=None, org=org, year=2025, income=income)
    economy_services.village_year_save(actor=None, org=v6, year=2025, income=60000)
    economy_services.village_year_save(actor=None, org=v7, year=2025, income=1000000)
    core_services.unit_save(actor=None, org=v5, kind=UnitKind.VILLAGE, name="5号村", is_poverty_village=True)
    services.profile_save(actor=None, org=v5, old_revolutionary_base=True)
    services.profile_save(actor=None, org=v6, old_revolutionary_base=True)  # an old base, but not poor
    services.environment_save(actor=None, org=v6, year=2025, score=59)
    services.environment_save(actor=None, org=v7, year=2025, score=60)
    _weak(tree, v7, 2025)
    services.mark_create(
        actor=tree.accounts["town_a"], org=tree.village_a2, category=disorderly, year=2025, reason="信访多发"
    )
    with pytest.raises(PermissionDenied):
        services.classification_evaluate(actor=tree.accounts["town_a"], county=tree.county, year=2025)
    with pytest.raises(PermissionDenied):
        services.classification_evaluate(actor=tree.accounts["secretary_a1"], county=tree.county, year=2025)
    run = services.classification_evaluate(actor=county, county=tree.county, year=2025)
    found = {
        (r.category.name, r.org_id): (r.reason, r.unreported)
        for r in ClassificationResult.objects.filter(year=2025).select_related("category")
    }
    assert found == {
        ("集体经济空壳村", tree.village_a1.pk): ("集体经济收入3.2万元,低于5万元", False),
        ("集体经济空壳村", v3.pk): ("集体经济收入5万元,低于5万元", False),
        ("集体经济空壳村", v4.pk): ("未填报集体经济收入(按低于5万元计)", True),
        ("贫困老区村", v5.pk): ("革命老区村,建档立卡贫困村", False),
        ("环境脏乱村", v6.pk): ("人居环境评分59分,低于60分", False),
        ("组织软弱村", v7.pk): ("2025年被确定为软弱涣散基层党组织", False),
        ("矛盾多发村", tree.village_a2.pk): ("人工认定:信访多发", False),
    }
    assert (run.villages, run.classified, run.results) == (7, 7, 7)
    summary = selectors.summary(county, tree.county, 2025)
    assert summary.villages == 7 and summary.classified == 7 and summary.results == 7
    assert summary.classified_text == "7个,占100.0%"
    assert selectors.tags_by_org(tree.county.pk, 2025)[v7.pk] == {"weak"}
    # a village in two categories counts once in the total
    services.environment_save(actor=None, org=tree.village_a1, year=2025, score=10)
    services.classification_evaluate(actor=county, county=tree.county, year=2025)
    summary = selectors.summary(county, tree.county, 2025)
    assert summary.classified == 7 and summary.results == 8
    assert selectors.tags_by_org(tree.county.pk, 2025)[tree.village_a1.pk] == {"hollow", "dirty"}
    # the township sees its own; the other township nothing
    assert selectors.summary(tree.accounts["town_a"], tree.town_a, 2025).classified == 7
    assert selectors.scope_results(tree.accounts["secretary_a2"], None, 2025).count() == 1


def test_rerun_replaces_and_is_one_audit_entry(tree):
    county = tree.accounts["county"]
    run = services.classification_evaluate(actor=county, county=tree.county, year=2025)
    assert ClassificationResult.objects.filter(year=2025).count() == 2  # a1, a2 reported nothing
    first = AuditEntry.objects.filter(object_type="villages.classificationrun").count()
    economy_services.village_year_save(actor=None, org=tree.village_a1, year=2025, income=90000)
    again = services.classification_evaluate(actor=county, county=tree.county, year=2025)
    assert again.pk == run.pk and ClassificationRun.objects.count() == 1
    assert list(ClassificationResult.objects.filter(year=2025).values_list("org_id", flat=True)) == [tree.village_a2.pk]
    entries = AuditEntry.objects.filter(object_type="villages.classificationrun").order_by("id")
    assert entries.count() == first + 1 and entries.last().action == AuditAction.UPDATE
    services.classification_evaluate(actor=county, county=tree.county, year=2025)
    assert ClassificationResult.objects.filter(year=2025).count() == 1  # idempotent
    with pytest.raises(ValidationError):
        services.classification_evaluate(actor=county, county=tree.county, year=2027)


def test_policy_validation_and_permissions(tree):
    services.classification_evaluate(actor=None, county=tree.county, year=2025)
    hollow = by_basis(tree, "income_below")
    weak = by_basis(tree, "weak_branch")
    values = {"measures": "发展光伏项目", "responsible": "张书记", "target_date": dt.date(2025, 12, 31)}
    policy = services.policy_save(
        actor=tree.accounts["secretary_a1"], org=tree.village_a1, category=hollow, year=2025, **values
    )
    assert policy.status == "planned"
    again = services.policy_save(
        actor=tree.accounts["town_a"], org=tree.village_a1, category=hollow, year=2025, **values | {"status": "done"}
    )
    assert again.pk == policy.pk and VillagePolicy.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.policy_save(
            actor=tree.accounts["secretary_a2"], org=tree.village_a1, category=hollow, year=2025, **values
        )
    with pytest.raises(ValidationError) as error:
        services.policy_save(actor=None, org=tree.village_a1, category=weak, year=2025, **values)
    assert "未列入“组织软弱村”" in error.value.message_dict["category"][0]
    with pytest.raises(ValidationError) as error:
        services.policy_save(
            actor=None,
            org=tree.village_a2,
            category=hollow,
            year=2025,
            measures=" ",
            responsible="",
            target_date=dt.date(2024, 12, 31),
        )
    assert error.value.message_dict == {
        "measures": ["请填写整治措施"],
        "responsible": ["请填写责任人"],
        "target_date": ["完成时限不能早于2025年1月1日"],
    }
    services.policy_save(
        actor=None, org=tree.village_a2, category=hollow, year=2025, **values | {"target_date": dt.date(2025, 1, 1)}
    )
    # the reminder counts what is left: none
    assert selectors.reminders(tree.accounts["town_a"], dt.date(2026, 3, 1)) == []


def test_transformation_counts(tree):
    county = tree.accounts["county"]
    services.classification_evaluate(actor=county, county=tree.county, year=2024)  # a1, a2 hollow (no report)
    economy_services.village_year_save(actor=None, org=tree.village_a1, year=2025, income=60000)
    services.classification_evaluate(actor=county, county=tree.county, year=2025)  # a2 only
    table = {row["category"].basis: row for row in selectors.transformation(county, None, [2024, 2025], tree.county.pk)}
    cells = table["income_below"]["cells"]
    assert (cells[0].villages, cells[0].transformed) == (2, 1)
    assert cells[0].text == "1/2"
    assert cells[1].transformed is None  # 2026 not evaluated
    assert table["income_below"]["total"] == 1
    villages = list(selectors.matrix_villages(county, None, [2024, 2025]).order_by("path"))
    matrix = selectors.matrix_cells(villages, [2024, 2025])
    assert matrix[0]["cells"] == [["集体经济空壳村"], []]
    assert matrix[1]["cells"] == [["集体经济空壳村"], ["集体经济空壳村"]]
    reminders = selectors.reminders(tree.accounts["town_a"], dt.date(2026, 3, 1))
    assert [(r.label, r.count) for r in reminders] == [("2025年分类村待制定一村一策", 1)]
