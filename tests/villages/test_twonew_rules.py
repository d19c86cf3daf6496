"""两新 coverage rules: ORG-01 at 2/3/4 formal members, a joint branch at 5/6 units, the coverage definitions, the
有效覆盖 threshold and an instructor's days in post."""

import datetime as dt

import pytest

from dangjian.villages import rules


@pytest.mark.parametrize(("formal", "need"), [(0, "instructor"), (1, "joint"), (2, "joint"), (3, "own"), (4, "own")])
def test_branch_need(formal, need):
    assert rules.branch_need(formal) == need


@pytest.mark.parametrize(
    ("formal", "status", "instructor", "breach"),
    [
        (2, "joint", False, ""),
        (2, "none", False, "正式党员2名,未建立或纳入联合党支部"),
        (2, "none", True, "正式党员2名,未建立或纳入联合党支部"),
        (3, "own", False, ""),
        (3, "joint", False, "正式党员3名,未单独建立党支部"),
        (4, "none", True, "正式党员4名,未单独建立党支部"),
        (5, "none", False, "正式党员5名,未单独建立党支部"),
        (0, "none", False, "无正式党员,未选派党建指导员或纳入联合党支部"),
        (0, "none", True, ""),
        (0, "joint", False, ""),
        (1, "own", False, ""),
    ],
)
def test_coverage_breach(formal, status, instructor, breach):
    assert rules.coverage_breach(formal, status, instructor) == breach


@pytest.mark.parametrize(("units", "breach"), [(4, ""), (5, ""), (6, "联合党支部覆盖6个单位,超过5个")])
def test_joint_branch_units(units, breach):
    assert rules.joint_branch_breach(units) == breach


@pytest.mark.parametrize(
    ("status", "instructor", "covered"),
    [("own", False, True), ("joint", False, True), ("none", True, True), ("none", False, False)],
)
def test_tangible_coverage(status, instructor, covered):
    assert rules.is_tangibly_covered(status, instructor) is covered


@pytest.mark.parametrize(("met", "required", "effective"), [(4, 5, False), (5, 5, True), (6, 5, True), (0, 0, False)])
def test_effective_threshold(met, required, effective):
    assert rules.is_effective(met, required) is effective


def test_instructor_in_post_from_start_to_end_inclusive():
    start, end = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
    assert not rules.instructor_active(start, end, dt.date(2026, 2, 28))
    assert rules.instructor_active(start, end, start)
    assert rules.instructor_active(start, end, end)
    assert not rules.instructor_active(start, end, dt.date(2026, 7, 1))
    assert rules.instructor_active(start, None, dt.date(2030, 1, 1))


def test_subtype_fits_kind():
    assert rules.subtype_fits_kind("ent_limited", "enterprise")
    assert not rules.subtype_fits_kind("ent_limited", "social")
    assert rules.subtype_fits_kind("soc_foundation", "social")
    assert rules.subtype_fits_kind("", "social")
