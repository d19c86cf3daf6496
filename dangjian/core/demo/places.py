"""Places for the demo data: 河南省, its cities and county-level divisions with their region codes.

The county-scale demo is 临颍县 (漯河市): the seeds report its 367 行政村 and their collective-economy spread.
Region codes (GB/T 2260) feed the generated ID numbers, so every county's people get their own codes.
"""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE_NAME = "河南省"
PROVINCE_REGION = "410000"


@dataclass(frozen=True)
class CountyPlace:
    region: str  # six-digit region code, e.g. 411122
    name: str  # 临颍县, 源汇区, 禹州市
    city_region: str
    city_name: str

    @property
    def urban(self) -> bool:
        """A 市辖区 has more streets and communities than a rural 县."""
        return self.name.endswith("区")


# city region, city name, then "code name" pairs of its county-level divisions (漯河 first: the seeds' city).
_CITIES = (
    ("4111", "漯河市", "22 临颍县 02 源汇区 03 郾城区 04 召陵区 21 舞阳县"),
    (
        "4101",
        "郑州市",
        "02 中原区 03 二七区 04 管城回族区 05 金水区 06 上街区 08 惠济区 22 中牟县 81 巩义市 82 荥阳市 83 新密市 "
        "84 新郑市 85 登封市",
    ),
    ("4102", "开封市", "02 龙亭区 03 顺河回族区 04 鼓楼区 05 禹王台区 12 祥符区 21 杞县 22 通许县 23 尉氏县 25 兰考县"),
    (
        "4103",
        "洛阳市",
        "02 老城区 03 西工区 04 瀍河回族区 05 涧西区 07 偃师区 08 孟津区 11 洛龙区 23 新安县 24 栾川县 25 嵩县 "
        "26 汝阳县 27 宜阳县 28 洛宁县 29 伊川县",
    ),
    (
        "4104",
        "平顶山市",
        "02 新华区 03 卫东区 04 石龙区 11 湛河区 21 宝丰县 22 叶县 23 鲁山县 25 郏县 81 舞钢市 82 汝州市",
    ),
    ("4105", "安阳市", "02 文峰区 03 北关区 05 殷都区 06 龙安区 22 安阳县 23 汤阴县 26 滑县 27 内黄县 81 林州市"),
    ("4106", "鹤壁市", "02 鹤山区 03 山城区 11 淇滨区 21 浚县 22 淇县"),
    (
        "4107",
        "新乡市",
        "02 红旗区 03 卫滨区 04 凤泉区 11 牧野区 21 新乡县 24 获嘉县 25 原阳县 26 延津县 27 封丘县 81 卫辉市 "
        "82 辉县市 83 长垣市",
    ),
    (
        "4108",
        "焦作市",
        "02 解放区 03 中站区 04 马村区 11 山阳区 21 修武县 22 博爱县 23 武陟县 25 温县 82 沁阳市 83 孟州市",
    ),
    ("4109", "濮阳市", "02 华龙区 22 清丰县 23 南乐县 26 范县 27 台前县 28 濮阳县"),
    ("4110", "许昌市", "02 魏都区 03 建安区 24 鄢陵县 25 襄城县 81 禹州市 82 长葛市"),
    ("4112", "三门峡市", "02 湖滨区 03 陕州区 21 渑池县 24 卢氏县 81 义马市 82 灵宝市"),
    (
        "4113",
        "南阳市",
        "02 宛城区 03 卧龙区 21 南召县 22 方城县 23 西峡县 24 镇平县 25 内乡县 26 淅川县 27 社旗县 28 唐河县 "
        "29 新野县 30 桐柏县 81 邓州市",
    ),
    ("4114", "商丘市", "02 梁园区 03 睢阳区 21 民权县 22 睢县 23 宁陵县 24 柘城县 25 虞城县 26 夏邑县 81 永城市"),
    (
        "4115",
        "信阳市",
        "02 浉河区 03 平桥区 21 罗山县 22 光山县 23 新县 24 商城县 25 固始县 26 潢川县 27 淮滨县 28 息县",
    ),
    (
        "4116",
        "周口市",
        "02 川汇区 03 淮阳区 21 扶沟县 22 西华县 23 商水县 24 沈丘县 25 郸城县 27 太康县 28 鹿邑县 81 项城市",
    ),
    (
        "4117",
        "驻马店市",
        "02 驿城区 21 西平县 22 上蔡县 23 平舆县 24 正阳县 25 确山县 26 泌阳县 27 汝南县 28 遂平县 29 新蔡县",
    ),
)


def cities() -> list[tuple[str, str, list[CountyPlace]]]:
    """(city region code, city name, its counties) in the order above."""
    result = []
    for prefix, city_name, counties_text in _CITIES:
        tokens = counties_text.split()
        counties = [
            CountyPlace(region=prefix + tokens[i], name=tokens[i + 1], city_region=prefix + "00", city_name=city_name)
            for i in range(0, len(tokens), 2)
        ]
        result.append((prefix + "00", city_name, counties))
    return result


def province_counties(count: int) -> list[CountyPlace]:
    """`count` counties taken round-robin over the cities (漯河's 临颍县 first), so every city gets some."""
    queues = [list(counties) for _, _, counties in cities()]
    chosen: list[CountyPlace] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    return chosen


LINYING = CountyPlace(region="411122", name="临颍县", city_region="411100", city_name="漯河市")

# 临颍县's townships as the demo uses them (街道 first); 繁城回族镇 gives a 回族 concentration.
LINYING_TOWNSHIPS = (
    ("城关街道", True),
    ("杜曲镇", False),
    ("王岗镇", False),
    ("台陈镇", False),
    ("巨陵镇", False),
    ("瓦店镇", False),
    ("三家店镇", False),
    ("窝城镇", False),
    ("大郭镇", False),
    ("繁城回族镇", False),
    ("王孟镇", False),
    ("石桥乡", False),
    ("皇帝庙乡", False),
    ("陈庄乡", False),
)
