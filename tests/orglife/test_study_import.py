"""The question bank's .xlsx import: the template, a good file, and a bad one whose every error is reported by row
and column while nothing is written."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.models import Question
from dangjian.orglife.services import study as services
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

HEADERS = ["专题", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析"]


def workbook(*rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.title = "试题"
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = [
    [
        "党章",
        "单选题",
        "党的最高领导机关是",
        "党的全国代表大会和它所产生的中央委员会",
        "中央政治局",
        "中央书记处",
        None,
        None,
        None,
        "A",
        "党章第十条",
    ],
    [
        "党章",
        "多选题",
        "党员必须履行的义务有",
        "认真学习",
        "贯彻执行党的基本路线",
        "密切联系群众",
        "享受特殊待遇",
        None,
        None,
        "ABC",
        "",
    ],
    ["支部工作条例", "判断题", "党支部是党的基础组织", None, None, None, None, None, None, "对", "条例第二条"],
]


def test_the_template_downloads_with_its_columns(tree, client):
    login(client, tree, "county")
    response = client.get(reverse("orglife:study_questions_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "试题"
    assert [cell.value for cell in book["试题"][1]] == HEADERS
    assert book["试题"]["C2"].value == services.EXAMPLE_STEM


def test_a_good_file_imports_every_row_with_an_audit_trail(tree):
    result = services.questions_import(
        actor=tree.accounts["county"], org=tree.county, source=workbook(*GOOD), file_name="题库.xlsx"
    )
    assert result.ok and result.written and result.created == 3
    questions = {q.stem: q for q in Question.objects.all()}
    assert questions["党的最高领导机关是"].answer == [0]
    assert questions["党员必须履行的义务有"].options[3] == "享受特殊待遇"
    assert questions["党员必须履行的义务有"].answer == [0, 1, 2]
    assert (questions["党支部是党的基础组织"].kind, questions["党支部是党的基础组织"].answer) == ("judge", [1])
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="orglife.question").count() == 3
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, after__kind="questions", after__created=3).exists()


def test_the_example_row_of_the_template_is_skipped(tree):
    example = ["党章", "单选题", services.EXAMPLE_STEM, "甲", "乙", None, None, None, None, "A", ""]
    result = services.questions_import(actor=None, org=tree.county, source=workbook(example, GOOD[0]))
    assert result.created == 1


def test_a_bad_file_reports_every_error_by_row_and_column_and_writes_nothing(tree):
    bad = [
        GOOD[0],
        ["", "问答题", "什么是党性", "甲", "乙", None, None, None, None, "A", ""],
        ["党章", "单选题", "题干", "甲", None, "丙", None, None, None, "A", ""],
        ["党章", "单选题", "题干", "甲", "乙", None, None, None, None, "C", ""],
        ["党章", "多选题", "题干", "甲", "乙", "丙", None, None, None, "A", ""],
        ["党章", "判断题", "题干", "对", "错", None, None, None, None, "对", ""],
        ["党章", "判断题", "", None, None, None, None, None, None, "不知道", ""],
    ]
    result = services.questions_import(actor=None, org=tree.county, source=workbook(*bad))
    assert not result.ok and not result.written
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "题型", "题型“问答题”无效,应为单选题、多选题或判断题"),
        (3, "专题", "请填写专题"),
        (4, "选项B", "选项应从选项A起连续填写,中间不能留空"),
        (5, "答案", "答案“C”无效,应为选项字母A至B"),
        (6, "答案", "多选题应至少有两个正确答案"),
        (7, "选项A", "判断题不设选项"),
        (8, "答案", "判断题答案“不知道”无效,应为“对”或“错”"),
        (8, "题干", "请填写题干"),
    ]
    assert not Question.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_wrong_header_or_file_is_refused_as_a_whole(tree):
    result = services.questions_import(actor=None, org=tree.county, source=workbook(GOOD[0], headers=["专题", "题目"]))
    assert not result.ok
    assert any("“题目”不是本表的列名" in e.message for e in result.errors)
    result = services.questions_import(actor=None, org=tree.county, source=io.BytesIO(b"not a spreadsheet"))
    assert [e.message for e in result.errors] == ["文件不是 Excel (.xlsx) 文件,请使用下载的模板填写"]
    with pytest.raises(PermissionDenied):
        services.questions_import(actor=tree.accounts["secretary_a1"], org=tree.county, source=workbook(*GOOD))
    assert not Question.objects.exists()


def test_the_import_page_lists_the_errors_and_imports_a_good_file(tree, client):
    login(client, tree, "county")
    url = reverse("orglife:study_questions_import")
    bad = workbook(["党章", "单选题", "题干", "甲", "乙", None, None, None, None, "Z", ""])
    bad.name = "坏文件.xlsx"
    html = page(client.post(url, {"file": bad}))
    assert "未导入任何试题" in html and "第2行" in html and "答案“Z”无效" in html
    report = workbook(["党章", "单选题", "题干", "甲", "乙", None, None, None, None, "Z", ""])
    report.name = "坏文件.xlsx"
    response = client.post(url, {"file": report, "report": "1"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1] == (2, "答案", "答案“Z”无效,应为选项字母A至B")
    good = workbook(*GOOD)
    good.name = "题库.xlsx"
    response = client.post(url, {"file": good})
    assert response.status_code == 302 and Question.objects.count() == 3
    exported = client.get(reverse("orglife:study_questions_export"))
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("专题", "题型", "题干") and {row[9] for row in rows[1:]} == {"A", "ABC", "对"}
