"""In Chromium: the township office opens the 示范点 map; ECharts draws every point of the township on a canvas from
the page's own JSON (no online tiles: no request leaves the local server), the belts as lines, and lists what has no
coordinate."""

from urllib.parse import urlparse

import pytest

from dangjian.villages.services import showcase as services
from tests.browser.conftest import login
from tests.core.factories import PASSWORD, make_org
from tests.villages.showcase_world import showcase_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIES_COUNT = """() => {
  const chart = window.echarts.getInstanceByDom(document.getElementById('showcase-map'));
  const option = chart.getOption();
  return option.series.map(s => [s.type, s.name, s.data.length]);
}"""


def test_the_map_draws_the_points_offline(browser, live_server, tree, page):
    showcase_world(tree)
    make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    services.point_create(actor=None, org=tree.village_a2, name="未标注示范点", theme="culture", year=2025)
    hosts = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).hostname))
    login(page, live_server, "town_a_admin", PASSWORD)
    page.goto(f"{live_server.url}/villages/showcase/map/")
    page.wait_for_selector("#showcase-map[data-points='4']")
    assert page.locator("#showcase-map canvas").count() >= 1
    series = page.evaluate(SERIES_COUNT)
    scatter = sum(count for kind, name, count in series if kind == "scatter" and name.endswith("示范点"))
    lines = {name: count for kind, name, count in series if kind == "line"}
    villages = next(count for kind, name, count in series if name == "村(社区)")
    assert scatter == 4 and lines == {"李庄村沿河示范带": 2, "王庄村沿河示范带": 2} and villages == 2
    unplaced = page.locator("[data-testid=unplaced]")
    assert unplaced.is_visible()
    assert "未标注示范点" in unplaced.inner_text() and "东城镇张庄村党支部" in unplaced.inner_text()
    assert set(hosts) <= {"127.0.0.1", "localhost"}, hosts
