"""上传下达 and 信息报送 rules on both sides of each boundary: the sign-by day (the day itself is in time), who a
notice reaches, attachments up to 10 MB, the review, and rates shown with numerator and denominator."""

import datetime as dt

from dangjian.orglife import rules

SIGN_BY = dt.date(2026, 3, 10)


def test_the_sign_by_day_itself_is_not_overdue():
    assert not rules.receipt_overdue(sign_by=SIGN_BY, signed_on=None, today=SIGN_BY - dt.timedelta(days=1))
    assert not rules.receipt_overdue(sign_by=SIGN_BY, signed_on=None, today=SIGN_BY)
    assert rules.receipt_overdue(sign_by=SIGN_BY, signed_on=None, today=SIGN_BY + dt.timedelta(days=1))
    assert not rules.receipt_overdue(sign_by=SIGN_BY, signed_on=SIGN_BY, today=SIGN_BY + dt.timedelta(days=5))
    assert not rules.receipt_overdue(sign_by=None, signed_on=None, today=SIGN_BY + dt.timedelta(days=365))


def test_signed_late_only_after_the_sign_by_day():
    assert not rules.signed_late(sign_by=SIGN_BY, signed_on=SIGN_BY)
    assert rules.signed_late(sign_by=SIGN_BY, signed_on=SIGN_BY + dt.timedelta(days=1))
    assert not rules.signed_late(sign_by=None, signed_on=SIGN_BY)
    assert not rules.signed_late(sign_by=SIGN_BY, signed_on=None)


def test_who_a_notice_reaches():
    reaches = rules.notice_reaches
    assert reaches("children", levels_below=1, kind="party_committee")
    assert reaches("children", levels_below=1, kind="branch")
    assert not reaches("children", levels_below=2, kind="branch")
    assert not reaches("children", levels_below=1, kind="party_group")
    assert reaches("branches", levels_below=2, kind="branch")
    assert reaches("branches", levels_below=3, kind="joint_branch")
    assert not reaches("branches", levels_below=1, kind="party_committee")
    assert not reaches("branches", levels_below=1, kind="general_branch")
    assert not reaches("branches", levels_below=3, kind="party_group")
    assert reaches("all", levels_below=1, kind="party_committee")
    assert reaches("all", levels_below=3, kind="party_group")
    assert not reaches("all", levels_below=0, kind="party_committee")


def test_attachments_up_to_ten_megabytes_of_office_files_and_pictures():
    limit = 10 * 1024 * 1024
    assert rules.attachment_problem("通知.PDF", limit) is None
    assert rules.attachment_problem("表.xlsx", 1) is None
    assert rules.attachment_problem("照片.jpg", 1) is None
    assert rules.attachment_problem("通知.pdf", limit + 1) == "附件不能超过10MB"
    assert rules.attachment_problem("脚本.exe", 1).startswith("附件类型不支持")
    assert rules.attachment_problem("没有扩展名", 1).startswith("附件类型不支持")


def test_a_report_is_reviewed_once_and_returned_with_a_reason():
    assert rules.review_problem(status="submitted", outcome="adopted", note="") == {}
    assert rules.review_problem(status="submitted", outcome="filed", note="") == {}
    assert rules.review_problem(status="submitted", outcome="returned", note="请补充照片") == {}
    assert rules.review_problem(status="submitted", outcome="returned", note=" ") == {
        "review_note": "退回时请填写退回意见"
    }
    assert rules.review_problem(status="adopted", outcome="filed", note="") == {"status": "该信息已审核,不能重复审核"}
    assert "status" in rules.review_problem(status="submitted", outcome="submitted", note="")


def test_rates_show_numerator_and_denominator():
    assert rules.ratio_label(18, 20) == "18/20 (90.0%)"
    assert rules.ratio_label(37, 41) == "37/41 (90.2%)"
    assert rules.ratio_label(0, 0) == "0/0 (—)"
    assert rules.ratio_label(1, 3) == "1/3 (33.3%)"
