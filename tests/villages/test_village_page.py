"""The village overview page with every area's panel: a township cadre sees 李庄村's whole picture (economy,
classification, rectification, pairing, projects, secretaries, talent, elections, 两新, showcase) on one page; another
township's account gets a 404; a village with no records shows the page with the empty panels left out."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from dangjian.core.choices import Role
from dangjian.villages.models import RectCase, VillagePair
from tests.core.factories import make_account
from tests.core.pages import login, page
from tests.villages.classification_world import classification_world
from tests.villages.economy_world import economy_world
from tests.villages.elections_world import elections_world
from tests.villages.pairing_world import pairing_world
from tests.villages.projects_world import projects_world
from tests.villages.rectification_world import rectification_world
from tests.villages.secretaries_world import secretaries_world
from tests.villages.showcase_world import showcase_world
from tests.villages.talent_world import talent_world
from tests.villages.twonew_world import twonew_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 12, 15)
TITLES = [
    "示范点",
    "集体经济",
    "2025年村级分类",
    "软弱涣散整顿",
    "结对共建",
    "2025年项目化管理",
    "第一书记和驻村工作队",
    "人才队伍",
    "村级换届",
    "两新组织",
]


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY


def every_world(tree) -> None:
    classification_world(tree)  # evaluates the year before anyone reports an income
    economy_world(tree)
    rectification_world(tree)
    pairing_world(tree)
    projects_world(tree)
    secretaries_world(tree)
    talent_world(tree)
    elections_world(tree)
    twonew_world(tree)
    showcase_world(tree)


def panels(html: str) -> dict[str, dict[str, str]]:
    """Each panel's title → {label: value}, and its link under the key "link"."""
    found = {}
    for card in html.split('data-testid="village-panel"')[1:]:
        title = unescape(re.search(r"card-header[^>]*>(.*?)</div>", card).group(1))
        rows = dict(
            (unescape(label), unescape(value))
            for label, value in re.findall(
                r'<dt class="col-5 small">(.*?)</dt><dd class="col-7 small">(.*?)</dd>', card
            )
        )
        link = re.search(r'card-footer[^>]*><a class="small" href="(.*?)"', card)
        rows["link"] = unescape(link.group(1)) if link else ""
        found[title] = rows
    return found


def test_the_township_sees_the_village_whole_picture(tree, client):
    every_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:village_detail", args=[tree.village_a1.pk])))
    shown = panels(html)
    assert list(shown) == TITLES

    economy = shown["集体经济"]
    assert economy["2025年集体经济收入"] == "3.2万元"  # 32000元
    assert economy["收入档次"] == "5万元以下(空壳/薄弱)"
    assert economy["发展模式"] == "产业带动型、土地经营型"
    assert economy["link"] == reverse("villages:economy_village", args=[tree.village_a1.pk])

    classification = shown["2025年村级分类"]
    (reason,) = [value for label, value in classification.items() if label != "link"]
    assert reason.endswith("已制定一村一策") and "未填报" in reason  # evaluated before the income was reported
    assert "org=V001" in classification["link"] and "year=2025" in classification["link"]

    rectification = shown["软弱涣散整顿"]
    assert rectification["2025年软弱涣散排查"] == "已确定为整顿对象(排名后10%:第3/3名)"  # 61 of 61, 88, 90
    assert rectification["整顿状态"] == "整顿中"
    assert rectification["最近台账"] == "2025-12-15"
    case = RectCase.objects.get(org=tree.village_a1)
    assert rectification["link"] == reverse("villages:rectification_case", args=[case.pk])

    pairing = shown["结对共建"]
    assert pairing["结对单位"] == "县委组织部、县农业农村局(多对一)"
    assert pairing["2025年“五个一”"] == "1/5"
    assert pairing["2025年帮扶成效"] == "帮扶资金5万元"
    assert pairing["link"] == reverse(
        "villages:pairing_pair", args=[VillagePair.objects.get(village=tree.village_a1).pk]
    )

    projects = shown["2025年项目化管理"]
    assert projects["项目"] == "共1个:实施中1个"
    assert projects["投入资金"] == "30万元"
    assert "org=V001" in projects["link"] and "year=2025" in projects["link"]

    secretaries = shown["第一书记和驻村工作队"]
    # one sign-in today; the leave is not approved, so December asks the full 20 days
    assert secretaries["第一书记 张建国"] == "本月在村1天,低于规定20天"
    assert secretaries["工作队员 张建国队员"] == "本月在村0天,低于规定20天"

    talent = shown["人才队伍"]
    assert talent["村级后备干部"] == "1名,低于县定每村2名"
    assert talent["一村一名大学生"] == "1名"

    elections = shown["村级换届"]
    assert elections["最近换届"] == "2021-03-10(第十一届)"
    assert elections["新任党组织书记"] == "a1新书记"
    assert elections["书记、主任“一肩挑”"] == "否"
    assert elections["任期"] == "2021-03-10至2026-03-10"

    twonew = shown["两新组织"]
    assert twonew["两新组织"] == "1个"
    assert twonew["有形覆盖"] == "1/1 (100.0%)"  # an instructor in post
    assert twonew["2025年有效覆盖"] == "0/1 (0.0%)"  # one item met; the county asks all of them by default
    assert twonew["党组织设置问题"] == "0个"

    assert "李庄村党群服务中心示范点" in shown["示范点"]
    assert "王庄村" not in html and "刘洋" not in html  # the next village's records stay on its own page


def test_another_township_gets_a_404(tree, client):
    every_world(tree)
    client.force_login(make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN))
    assert client.get(reverse("villages:village_detail", args=[tree.village_a1.pk])).status_code == 404


def test_a_village_without_records_shows_only_what_it_has(tree, client):
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:village_detail", args=[tree.village_a2.pk]), {"year": "2024"}))
    shown = panels(html)
    assert list(shown) == ["示范点"]
    assert shown["示范点"]["示范点"] == "暂无示范点" and shown["示范点"]["坐标"] == "未标注坐标"


def test_a_past_year_reads_that_year(tree, client):
    every_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:village_detail", args=[tree.village_a1.pk]), {"year": "2024"}))
    shown = panels(html)
    # nothing was reported, classified, listed, paired or set up in 2024; the postings began in September 2025
    assert list(shown) == ["示范点", "人才队伍", "村级换届", "两新组织"]
    assert shown["人才队伍"]["村级后备干部"] == "1名,低于县定每村2名"  # in the pool since March 2024


def test_the_economy_and_case_pages_link_to_the_village_page(tree, client):
    every_world(tree)
    login(client, tree, "town_a")
    village_url = reverse("villages:village_detail", args=[tree.village_a1.pk])
    html = page(client.get(reverse("villages:economy_village", args=[tree.village_a1.pk])))
    assert village_url in html
    html = page(client.get(reverse("villages:village_detail", args=[tree.village_a1.pk])))
    case_url = panels(html)["软弱涣散整顿"]["link"]
    assert village_url in page(client.get(case_url))
