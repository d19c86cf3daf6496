"""Name material for the demo data: people, villages, communities, townships, units (河南 flavour)."""

from __future__ import annotations

import random

# Common surnames with rough weights (Henan is dominated by 王, 李, 张, 刘, 陈).
SURNAMES = [
    (item[0], int(item[1:]))
    for item in (
        "王90 李80 张85 刘60 陈45 杨35 赵35 黄15 周20 吴15 徐15 孙20 胡15 "
        "朱15 高20 郭20 马18 宋15 郑12 韩12 冯10 于10 董10 程10 曹10 袁8 "
        "许10 田8 任8 姜6 范6 方5 石6 姚5 崔6 康5 孟6 秦5 侯6 邵4 史5 贾6 丁5 "
        "魏6 薛5 闫6 杜6 常5 乔4 贺4 司3 牛5 申3 尚3 耿3 岳3 楚2 蔡5 潘3 白4 "
        "毛3 苏4 吕5 卢4 雷3 彭4 武5"
    ).split()
]
_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]
# 回族 families in Henan often carry these surnames.
HUI_SURNAMES = ("马", "白", "海", "沙", "哈", "米", "丁", "金", "穆", "杨", "李")

# Given-name characters by generation: (born before, male characters, female characters).
_GIVEN = (
    (1960, "国建军民振德福海山春明庆忠义发成华林文学志永长生喜贵全保明富", "秀英兰凤珍桂芳玉梅荣花香琴云霞菊翠萍爱"),
    (1980, "建伟军勇强红东平志刚卫华新明涛俊峰国斌辉杰", "丽红霞艳萍玲燕敏静芳娟华慧琳利萍"),
    (1995, "磊鹏飞超浩亮杰博帅阳晨旭凯宁辉鑫涛宇", "丹婷静雪娜颖洁璐倩莹晶佳瑶琳"),
    (2100, "宇轩浩然子豪博文俊杰一鸣天佑梓睿思远泽", "欣怡梓涵子萱雨桐诗涵佳琪雅婷一诺可馨梦瑶"),
)


def person_name(rng: random.Random, *, male: bool, birth_year: int, hui: bool = False) -> str:
    surname = rng.choice(HUI_SURNAMES) if hui else rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]
    for before, male_chars, female_chars in _GIVEN:
        if birth_year < before:
            chars = male_chars if male else female_chars
            break
    # Two-character given names dominate; single-character ones are common among younger people.
    if rng.random() < (0.25 if birth_year >= 1980 else 0.12):
        return surname + rng.choice(chars)
    return surname + rng.choice(chars) + rng.choice(chars)


_VILLAGE_SUFFIXES = "庄庄庄楼楼营岗店湾寨集桥屯庙坡洼台李刘王"
_VILLAGE_PREFIXES = ("", "", "", "", "东", "西", "南", "北", "前", "后", "大", "小", "新", "老", "上", "下")
_VILLAGE_WORDS = (
    "杏园 槐树 柳林 枣林 梨园 桃园 双庙 三里 五里 十里 黄岗 高庄 龙湖 凤凰 青龙 白沙 石桥 孤堆 草寺 土城 铁炉 "
    "瓦房 官庄 大路 郭店 古城 河湾 堤刘 固厢 陈庙 南街 北街 东街 西街 关庙 谢庄 千户 万户 张湾 韩庄 苗庄 五里头"
).split()


def village_name(rng: random.Random, used: set[str]) -> str:
    """A plausible 行政村 name ending in 村, unique within `used`."""
    for _ in range(200):
        if rng.random() < 0.25:
            stem = rng.choice(_VILLAGE_WORDS)
        else:
            surname = rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]
            suffix = rng.choice(_VILLAGE_SUFFIXES)
            if suffix == surname:
                suffix = "庄"
            stem = rng.choice(_VILLAGE_PREFIXES) + surname + suffix
        name = stem + "村"
        if name not in used:
            used.add(name)
            return name
    name = f"第{len(used) + 1}村"
    used.add(name)
    return name


_COMMUNITY_WORDS = (
    "和平 建设 人民 解放 文化 新华 幸福 光明 胜利 朝阳 东风 红旗 中心 滨河 花园 车站 颍河 老街 新区 紫荆 "
    "锦绣 阳光 丰收 繁荣 振兴 育才 黄河 长安 金桥 银河 春晖 翠园 清风 明珠 康宁 安居"
).split()


def community_name(rng: random.Random, used: set[str]) -> str:
    for _ in range(200):
        name = rng.choice(_COMMUNITY_WORDS) + ("路" if rng.random() < 0.15 else "") + "社区"
        if name not in used:
            used.add(name)
            return name
    name = f"第{len(used) + 1}社区"
    used.add(name)
    return name


_TOWNSHIP_STEMS = (
    "城关 杜曲 王岗 台陈 巨陵 瓦店 三家店 窝城 大郭 王孟 石桥 陈庄 固厢 黄龙 辛店 孟庙 姜店 北舞渡 吴城 保和 "
    "莲花 马村 章化 侯集 文峰 太尉 九街 文化 莲花 候集 白沙 龙城 新店 商桥 裴城 李集 孟寨 黑龙潭 万金 老窝 "
    "邓襄 青年 后谢 干河陈 阴阳赵 姬石 老应 空冢郭 问十 顺河 马路街 天桥 大刘 双汇 东城 西城 南街 北街 长安"
).split()


def township_names(rng: random.Random, count: int, *, urban: bool) -> list[tuple[str, bool]]:
    """(name, is_subdistrict) for a generated county: a few 街道 first, then 镇 and 乡."""
    stems = list(dict.fromkeys(_TOWNSHIP_STEMS))
    rng.shuffle(stems)
    subdistricts = max(1, round(count * (0.45 if urban else 0.15)))
    names: list[tuple[str, bool]] = []
    street_stems = ["城关", "东城", "西城", "北街", "南街", "长安", "文峰", "顺河", "天桥", "马路街"]
    rng.shuffle(street_stems)
    for stem in street_stems[:subdistricts]:
        names.append((stem + "街道", True))
    taken = {stem for stem in street_stems[:subdistricts]}
    for stem in stems:
        if len(names) >= count:
            break
        if stem in taken:
            continue
        taken.add(stem)
        names.append((stem + ("乡" if rng.random() < 0.35 else "镇"), False))
    while len(names) < count:
        names.append((f"第{len(names) + 1}镇", False))
    return names


GOVERNMENT_OFFICES = (
    "{c}委办公室 {c}人大常委会机关 {c}政府办公室 {c}政协机关 {c}纪委监委机关 {c}委组织部 {c}委宣传部 {c}委统战部 "
    "{c}委政法委员会 {c}发展和改革委员会 {c}财政局 {c}人力资源和社会保障局 {c}自然资源局 {c}住房和城乡建设局 "
    "{c}交通运输局 {c}水利局 {c}农业农村局 {c}商务局 {c}文化广电和旅游局 {c}应急管理局 {c}审计局 "
    "{c}市场监督管理局 {c}统计局 {c}医疗保障局 {c}乡村振兴局 {c}信访局 {c}民政局 {c}司法局 {c}公安局 "
    "{c}人民法院 {c}人民检察院 {c}税务局 {c}退役军人事务局 {c}城市管理局 {c}林业局 {c}粮食和物资储备中心 "
    "{c}总工会 共青团{c}委 {c}妇女联合会 {c}科学技术协会"
).split()

SCHOOLS = (
    "{c}第一高级中学 {c}第二高级中学 {c}第三高级中学 {c}实验中学 {c}第一初级中学 {c}第二初级中学 {c}第三初级中学 "
    "{c}实验小学 {c}第一小学 {c}第二小学 {c}第三小学 {c}职业教育中心 {c}特殊教育学校 {c}幼儿园 {c}第二幼儿园 "
    "{c}教师进修学校 {c}外国语学校 {c}育才学校 {c}第四初级中学 {c}第五小学"
).split()

HOSPITALS = (
    "{c}人民医院 {c}中医院 {c}妇幼保健院 {c}疾病预防控制中心 {c}第二人民医院 "
    "{c}卫生健康监督所 {c}精神病医院 {c}急救中心"
).split()

STATE_ENTERPRISES = (
    "{c}城市建设投资集团有限公司 {c}农业发展投资有限公司 {c}自来水有限公司 {c}国有资产经营有限公司 "
    "{c}公共交通有限公司 {c}粮食储备有限公司"
).split()

_ENTERPRISE_STEMS = "豫 颍 中 金 华 恒 鑫 盛 宏 瑞 嘉 永 天 鸿 丰 泰 源 兴 康 信 隆 达 联 创 宇 诚 绿 新".split()
_ENTERPRISE_TRADES = (
    "食品 食品 食品 纺织 机械 建材 电子 制药 农业科技 物流 新材料 服饰 包装 饮品 调味品 面业 制衣 电动车 家居 印务"
).split()

SOCIAL_ORGANISATIONS = (
    "{c}个体劳动者协会 {c}律师协会 {c}慈善总会 {c}物流行业协会 {c}餐饮行业协会 {c}社会工作者协会 "
    "{c}食品行业协会 {c}志愿者协会 {c}老年大学 {c}书法家协会"
).split()


def enterprise_name(rng: random.Random, county_short: str, used: set[str]) -> str:
    for _ in range(200):
        stem = "".join(rng.sample(_ENTERPRISE_STEMS, 2))
        trade = rng.choice(_ENTERPRISE_TRADES)
        prefix = rng.choice(("河南", "漯河市", county_short, county_short))
        name = f"{prefix}{stem}{trade}有限公司"
        if name not in used:
            used.add(name)
            return name
    name = f"{county_short}第{len(used) + 1}有限公司"
    used.add(name)
    return name


STREETS = "人民路 解放路 建设路 颍河路 黄河路 长安路 文化路 振兴路 纬一路 经二路 迎宾大道 健康路 新华路".split()
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 "
    "166 176 177 180 181 182 183 185 186 187 188 189 191 193 199"
).split()


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
