"""The import pages: upload → validation in the background → preview → confirm → done; errors; templates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditEntry, ImportJob, Org, Person
from tests.core.test_import_support import ORG_HEADERS, ROSTER_HEADERS, read_rows, roster_row, write_roster

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, kind, path, name=None):
    content = path.read_bytes()
    file = SimpleUploadedFile(name or path.name, content, content_type="application/octet-stream")
    return client.post(reverse("core:import_upload", args=[kind]), {"file": file})


def test_upload_preview_confirm_done_through_the_pages(tree, client, tmp_path):
    client.force_login(tree.accounts["town_a"])
    existing = tree.people["a1"][0]
    rows = [roster_row("V001", 姓名=f"新党员{i}") for i in range(3)]
    rows.append(roster_row("V001", 姓名=existing.name, 公民身份号码=existing.id_number, 出生日期=None))
    path = write_roster(tmp_path / "花名册.xlsx", rows)
    people_before = Person.objects.count()

    response = upload(client, "roster", path)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:import_job", args=[job.pk])
    assert (job.status, job.total_rows, job.created_count, job.updated_count) == ("validated", 4, 3, 1)
    assert (job.org_path, job.county_id, job.original_name) == (tree.town_a.path, tree.county.pk, "花名册.xlsx")
    assert Person.objects.count() == people_before

    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "确认导入" in page and "新党员0" in page and "新党员2" in page
    assert rows[0]["公民身份号码"] not in page  # the preview masks ID numbers
    assert rows[0]["公民身份号码"][:4] + "*" * 10 in page
    assert 'data-count="created">3<' in page and 'data-count="updated">1<' in page
    assert "hx-trigger" not in page  # nothing left to poll for
    assert "<script>" not in page  # CSP: no inline scripts

    response = client.post(reverse("core:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count, job.unchanged_count) == ("done", 3, 1, 0)
    assert Person.objects.count() == people_before + 3
    assert not job.file  # the file with clear ID numbers is gone
    summary = AuditEntry.objects.filter(action="import").get()
    assert (summary.object_type, summary.object_id, summary.source) == ("core.importjob", str(job.pk), "import")

    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "导入完成" in page and "查看党员名单" in page

    again = client.post(reverse("core:import_confirm", args=[job.pk]), follow=True)
    assert "不在待确认状态" in again.content.decode()
    assert Person.objects.count() == people_before + 3


def test_a_bad_file_shows_every_error_and_the_report_downloads_as_xlsx(tree, client, tmp_path):
    client.force_login(tree.accounts["town_a"])
    rows = [roster_row("V001"), roster_row("V003"), roster_row("V001", 性别="未知", 学历=None)]
    path = write_roster(tmp_path / "bad.xlsx", rows)
    counts = Person.objects.count(), AuditEntry.objects.count()

    upload(client, "roster", path)

    job = ImportJob.objects.get()
    assert job.status == "invalid"
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "所在党组织"), (4, "性别"), (4, "学历")]
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "3 处错误" in page and "第4行" in page and "下载错误清单" in page
    assert "确认导入" not in page

    response = client.get(reverse("core:import_errors", args=[job.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    report = read_rows(b"".join(response.streaming_content) if response.streaming else response.content)
    assert ("行号", "列名", "错误原因") in report
    assert [r[:2] for r in report if isinstance(r[0], int)] == [(3, "所在党组织"), (4, "性别"), (4, "学历")]
    assert (Person.objects.count(), AuditEntry.objects.count()) == counts
    assert client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 302
    assert Person.objects.count() == counts[0]


def test_a_file_that_is_not_xlsx_is_refused_at_upload(tree, client, tmp_path):
    client.force_login(tree.accounts["town_a"])
    path = tmp_path / "roster.csv"
    path.write_text("姓名,性别\n")
    response = upload(client, "roster", path)
    assert response.status_code == 400 and ".xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_job_being_processed_polls_for_progress_with_htmx(tree, client):
    user = tree.accounts["town_a"]
    client.force_login(user)
    job = ImportJob.objects.create(
        kind="roster",
        status="validating",
        created_by=user,
        county=tree.county,
        org_path=tree.town_a.path,
        original_name="big.xlsx",
        file="imports/x.xlsx",
        total_rows=50000,
        processed_rows=12000,
    )
    url = reverse("core:import_job", args=[job.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert "24%" in page and "12000 / 50000" in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="import-job-status"') and "<html" not in partial


def test_jobs_are_scoped_like_everything_else(tree, client, tmp_path):
    client.force_login(tree.accounts["secretary_a1"])
    upload(client, "roster", write_roster(tmp_path / "a1.xlsx", [roster_row("V001")]))
    job = ImportJob.objects.get()
    client.force_login(tree.accounts["secretary_a2"])
    assert client.get(reverse("core:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:import_errors", args=[job.pk])).status_code == 404
    assert "a1.xlsx" not in client.get(reverse("core:import_home")).content.decode()
    job.refresh_from_db()
    assert job.status == "validated"


def test_members_cannot_reach_the_import_pages_and_secretaries_cannot_import_orgs(tree, client):
    client.force_login(tree.accounts["member_a1"])
    assert client.get(reverse("core:import_home")).status_code == 403
    assert client.get(reverse("core:roster_export")).status_code == 403
    client.force_login(tree.accounts["secretary_a1"])
    assert client.get(reverse("core:import_upload", args=["orgs"])).status_code == 403
    assert "导入党组织" not in client.get(reverse("core:import_home")).content.decode()


@pytest.mark.parametrize(
    ("kind", "headers", "sheet"), [("roster", ROSTER_HEADERS, "花名册"), ("orgs", ORG_HEADERS, "党组织")]
)
def test_templates_download_with_the_right_headers_drop_downs_and_notes(tree, client, kind, headers, sheet):
    client.force_login(tree.accounts["county"])
    response = client.get(reverse("core:template_download", args=[kind]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    data = workbook[sheet]
    assert [c.value for c in data[1]][: len(headers)] == headers
    assert data.max_row == 2  # header + one example row
    assert data.data_validations.dataValidation  # drop-downs for the choice columns
    notes = workbook["填写说明"]
    listed = [row[0] for row in notes.iter_rows(min_row=4, values_only=True)]
    assert all(h in listed for h in headers)


def test_a_template_with_its_example_row_left_in_imports_only_the_real_rows(tree, client, tmp_path):
    client.force_login(tree.accounts["county"])
    content = client.get(reverse("core:template_download", args=["roster"])).content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["花名册"]
    row = roster_row("V002", 姓名="填写人")
    sheet.append([row[h] for h in ROSTER_HEADERS])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    upload(client, "roster", path)
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, job.created_count) == ("validated", 1, 1)


def test_the_org_flow_creates_orgs_parent_first(tree, client, tmp_path):
    from tests.core.test_import_support import write_orgs

    client.force_login(tree.accounts["town_a"])
    rows = [
        {
            "组织代码": "G101",
            "组织名称": "东城镇张庄村第一党小组",
            "上级组织代码": "V101",
            "组织类别": "党小组",
            "所属领域": "农村",
        },
        {
            "组织代码": "V101",
            "组织名称": "东城镇张庄村党支部",
            "上级组织代码": "T001",
            "组织类别": "党支部",
            "所属领域": "农村",
        },
    ]
    upload(client, "orgs", write_orgs(tmp_path / "orgs.xlsx", rows))
    job = ImportJob.objects.get()
    assert (job.status, job.created_count) == ("validated", 2)
    client.post(reverse("core:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    child = Org.objects.get(code="G101")
    assert child.path.startswith(Org.objects.get(code="V101").path)


def test_roster_export_from_the_pages_is_scoped_masked_and_audited(tree, client):
    client.force_login(tree.accounts["town_a"])
    home = client.get(reverse("core:import_home")).content.decode()
    assert "导出花名册" in home and 'value="V001"' in home and 'value="V003"' not in home

    response = client.get(reverse("core:roster_export"), {"org": "V001"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = read_rows(b"".join(response.streaming_content))
    assert rows[0][3] == "公民身份号码"
    assert sorted(r[3] for r in rows[1:]) == sorted(p.id_number_masked for p in tree.people["a1"])

    whole = read_rows(b"".join(client.get(reverse("core:roster_export")).streaming_content))
    assert len(whole) - 1 == len(tree.people["a1"]) + len(tree.people["a2"])  # the township's own scope

    revealed = client.get(reverse("core:roster_export"), {"org": "V002", "reveal": "1"})
    rows = read_rows(b"".join(revealed.streaming_content))
    assert sorted(r[3] for r in rows[1:]) == sorted(p.id_number for p in tree.people["a2"])
    entry = AuditEntry.objects.filter(action="export").last()
    assert (entry.after["id_numbers"], entry.after["rows"], entry.source, entry.object_id) == (
        "完整",
        2,
        "web",
        str(tree.village_a2.pk),
    )

    assert client.get(reverse("core:roster_export"), {"org": "V003"}).status_code == 404
    assert client.get(reverse("core:roster_export"), {"org": "NOPE"}).status_code == 404
