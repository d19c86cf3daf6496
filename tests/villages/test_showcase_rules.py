"""示范点/示范带 rules at their boundaries: coordinates within China's bounds (edges included), photo type and size,
a belt's sequence (two points at least, none twice, none on another belt), and the map's square axes."""

from decimal import Decimal

import pytest

from dangjian.villages import rules

D = Decimal
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 8
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4
WEBP = b"RIFF\x00\x00\x00\x00WEBP"
LIMIT = 5 * 1024 * 1024


@pytest.mark.parametrize(
    ("lon", "lat"),
    [("73", "33.8"), ("136", "33.8"), ("114", "3"), ("114", "54"), ("73.000000", "3.000000"), ("136", "54")],
)
def test_coordinates_on_the_edges_of_china_are_accepted(lon, lat):
    assert rules.coordinate_problems(D(lon), D(lat)) == {}


@pytest.mark.parametrize(
    ("lon", "lat", "field", "message"),
    [
        ("72.999999", "33.8", "longitude", "经度72.999999不在我国境内(应在东经73°至136°之间)"),
        ("136.000001", "33.8", "longitude", "经度136.000001不在我国境内(应在东经73°至136°之间)"),
        ("114", "2.999999", "latitude", "纬度2.999999不在我国境内(应在北纬3°至54°之间)"),
        ("114", "54.000001", "latitude", "纬度54.000001不在我国境内(应在北纬3°至54°之间)"),
    ],
)
def test_coordinates_one_unit_outside_are_refused_in_chinese(lon, lat, field, message):
    assert rules.coordinate_problems(D(lon), D(lat)) == {field: message}


def test_swapped_coordinates_are_caught_on_both_fields():
    problems = rules.coordinate_problems(D("33.8"), D("114"))
    assert set(problems) == {"longitude", "latitude"}


def test_coordinates_come_in_pairs():
    assert rules.coordinate_problems(None, None) == {}
    assert rules.coordinate_problems(D("114"), None) == {"latitude": "填写经度时请同时填写纬度"}
    assert rules.coordinate_problems(None, D("33.8")) == {"longitude": "填写纬度时请同时填写经度"}


@pytest.mark.parametrize(("name", "head"), [("a.jpg", JPEG), ("B.JPEG", JPEG), ("c.png", PNG), ("d.webp", WEBP)])
def test_photo_types_accepted_by_extension_and_content(name, head):
    assert rules.showcase_photo_problem(name, 1000, head) is None


def test_photo_size_limit_is_inclusive():
    assert rules.showcase_photo_problem("a.jpg", LIMIT, JPEG) is None
    assert rules.showcase_photo_problem("a.jpg", LIMIT + 1, JPEG) == "照片不能超过5MB(此照片5.0MB)"
    assert rules.showcase_photo_problem("a.jpg", 0, JPEG) is None


@pytest.mark.parametrize("name", ["a.gif", "a.pdf", "noextension", "a.jpg.exe"])
def test_other_types_are_refused(name):
    assert rules.showcase_photo_problem(name, 1000, JPEG) == "只能上传 jpg、png 或 webp 格式的图片"


def test_content_must_match_the_extension():
    assert rules.showcase_photo_problem("a.png", 1000, JPEG) == "文件内容不是有效的png图片"
    assert rules.showcase_photo_problem("a.jpg", 1000, b"GIF89a") == "文件内容不是有效的jpg图片"
    assert rules.showcase_photo_problem("a.webp", 1000, b"RIFF\x00\x00\x00\x00WAVE") == "文件内容不是有效的webp图片"


def test_a_belt_needs_two_points_at_least():
    assert rules.belt_sequence_problem([], {}) == "示范带至少应包含2个示范点"
    assert rules.belt_sequence_problem([7], {}) == "示范带至少应包含2个示范点"
    assert rules.belt_sequence_problem([7, 8], {}) is None


def test_a_point_is_listed_once_and_on_one_belt():
    assert rules.belt_sequence_problem([7, 8, 7], {}) == "同一示范点在示范带中只能出现一次"
    taken = rules.belt_sequence_problem([7, 8, 9], {8: "107国道沿线示范带"})
    assert taken == "所选示范点已属于示范带“107国道沿线示范带”,一个示范点只能属于一条示范带"


def test_square_bounds_keep_equal_spans():
    bounds = rules.square_bounds([(114.0, 33.8), (114.4, 33.9)], margin=0.05)
    assert bounds == {"min_lon": 113.98, "max_lon": 114.42, "min_lat": 33.63, "max_lat": 34.07}
    assert round(bounds["max_lon"] - bounds["min_lon"], 6) == round(bounds["max_lat"] - bounds["min_lat"], 6)


def test_square_bounds_of_one_point_and_of_none():
    assert rules.square_bounds([]) is None
    one = rules.square_bounds([(114.0, 33.8)], margin=0, least_span=0.1)
    assert one == {"min_lon": 113.95, "max_lon": 114.05, "min_lat": 33.75, "max_lat": 33.85}
