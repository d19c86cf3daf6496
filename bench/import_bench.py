"""Roster import benchmark: 50,000 valid rows through the CLI's code path, beside a raw COPY of the same rows.

    .venv/bin/python bench/import_bench.py                          # SQLite (a temporary database file)
    scripts/with_postgres.sh .venv/bin/python bench/import_bench.py # PostgreSQL (DATABASE_URL from the script)

Migrates a fresh database, builds a county (14 townships, ~360 branches) through the services, writes a
deterministic .xlsx of valid rows, imports it with `roster_import` (what `manage.py import_roster` calls) and prints
rows/s per phase. On PostgreSQL it then COPYs the same rows into a bare table in the same run and prints the ratios.
Options: --rows N (default 50000), --seed S (default 2026), --keep (keep the generated .xlsx),
--inline-strings (leave text cells inline as openpyxl writes them instead of shared strings as Excel/WPS do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅文斌志宏玉兰德海春生金凤建华"
REGIONS = ("411102", "411103", "411104", "411121", "411122", "410102", "410103", "410105", "410106", "410108")
EDUCATION = ("研究生", "大学本科", "大学专科", "中等专科", "高中", "初中", "小学及以下")
EDUCATION_WEIGHTS = (2, 18, 20, 8, 22, 22, 8)
OCCUPATIONS = (
    "工人(工勤技能人员)",
    "农牧渔民",
    "专业技术人员",
    "管理人员",
    "党政机关工作人员",
    "其他职业人员",
    "离退休人员",
)
CATEGORIES = ("普通党员",) * 12 + ("党员中心户", "党员网格长", "村组(社区)干部党员", "流动党员", "老党员")
ETHNIC = ("汉族",) * 30 + ("回族", "满族", "蒙古族", "壮族")


def setup_django() -> str:
    """SQLite by default (a fresh temporary file); whatever DATABASE_URL says otherwise."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite"):
        handle, path = tempfile.mkstemp(prefix="dangjian-import-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def build_county() -> list[str]:
    """县委 → 14 townships → villages, communities and enterprise branches; returns the branch codes."""
    from dangjian.core import services
    from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel

    county = services.org_create(
        actor=None,
        parent=None,
        code="BENCH",
        name="基准县委",
        kind=OrgKind.PARTY_COMMITTEE,
        domain=OrgDomain.GOVERNMENT,
        level=OrgLevel.COUNTY,
    )
    branches = []
    for t in range(1, 15):
        town = services.org_create(
            actor=None,
            parent=county,
            code=f"BT{t:02d}",
            name=f"第{t}镇党委",
            kind=OrgKind.PARTY_COMMITTEE,
            domain=OrgDomain.TOWNSHIP,
            level=OrgLevel.TOWNSHIP,
        )
        for v in range(1, 27):
            domain = OrgDomain.RURAL if v <= 22 else OrgDomain.COMMUNITY if v <= 24 else OrgDomain.PRIVATE_ENTERPRISE
            code = f"BT{t:02d}V{v:02d}"
            services.org_create(
                actor=None, parent=town, code=code, name=f"第{t}镇第{v}党支部", kind=OrgKind.BRANCH, domain=domain
            )
            branches.append(code)
    return branches


def generate_rows(count: int, branches: list[str], seed: int, today: dt.date) -> list[tuple]:
    from dangjian.core.rules import add_years, make_id_number

    rng = random.Random(seed)
    seen: set[str] = set()
    rows = []
    while len(rows) < count:
        male = rng.random() < 0.72
        birth = dt.date(1938, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 64))
        number = make_id_number(
            region=rng.choice(REGIONS), birth_date=birth, sequence=rng.randrange(0, 1000), is_male=male
        )
        if number in seen:
            continue
        seen.add(number)
        earliest = add_years(birth, 18)
        span = (today - earliest).days
        if span < 30:
            continue
        joined = earliest + dt.timedelta(days=rng.randrange(0, span))
        if add_years(joined, 1) <= today and rng.random() < 0.97:
            status, confirmed = "正式党员", add_years(joined, 1)
            if confirmed + dt.timedelta(days=60) <= today:
                confirmed += dt.timedelta(days=rng.randrange(0, 60))
        else:
            status, confirmed = "预备党员", None
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        rows.append(
            (
                name,
                "男" if male else "女",
                rng.choice(ETHNIC),
                number,
                birth,
                rng.choices(EDUCATION, EDUCATION_WEIGHTS)[0],
                status,
                joined,
                confirmed,
                rng.choice(branches),
                f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}",
                rng.choice(CATEGORIES),
                rng.choice(OCCUPATIONS),
            )
        )
    return rows


def write_xlsx(rows: list[tuple], path: Path) -> None:
    from openpyxl import Workbook

    from dangjian.core.io.sheets import ROSTER

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(ROSTER.headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def share_strings(path: Path) -> None:
    """Rewrite the sheet's inline strings as a shared-string table, the way Excel and WPS save a workbook.

    openpyxl writes every text cell inline; files users upload come from Excel/WPS with shared strings, which
    openpyxl also reads faster (measured: ~40% less parse time), so the benchmark reads what users upload.
    """
    import zipfile

    from lxml import etree

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    sheet_name = next(info.filename for info, _ in items if info.filename.startswith("xl/worksheets/sheet"))
    root = etree.fromstring(next(data for info, data in items if info.filename == sheet_name))
    strings: dict[str, int] = {}
    for cell in root.iter(f"{{{ns}}}c"):
        if cell.get("t") != "inlineStr":
            continue
        inline = cell.find(f"{{{ns}}}is")
        text = inline.findtext(f"{{{ns}}}t") or ""
        cell.remove(inline)
        cell.set("t", "s")
        etree.SubElement(cell, f"{{{ns}}}v").text = str(strings.setdefault(text, len(strings)))
    table = etree.Element(f"{{{ns}}}sst", count=str(len(strings)), uniqueCount=str(len(strings)), nsmap={None: ns})
    for text in strings:
        etree.SubElement(etree.SubElement(table, f"{{{ns}}}si"), f"{{{ns}}}t").text = text
    part = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == sheet_name:
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "[Content_Types].xml":
                override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + part + b'"/></Types>'
                data = data.replace(b"</Types>", override)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                link = b'<Relationship Id="rIdShared" Type="' + relation + b'" Target="sharedStrings.xml"/>'
                data = data.replace(b"</Relationships>", link + b"</Relationships>")
            target.writestr(info, data)
        target.writestr("xl/sharedStrings.xml", etree.tostring(table, xml_declaration=True, encoding="UTF-8"))


def copy_rows(rows: list[tuple]) -> float:
    """COPY the same rows into a bare table (PostgreSQL only, autocommit); seconds taken."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_roster_copy")
        cursor.execute(
            "CREATE TABLE bench_roster_copy (name text, gender text, ethnicity text, id_number text, birth_date date,"
            " education text, status text, joined_on date, confirmed_on date, org text, phone text, category text,"
            " occupation text)"
        )
        started = time.perf_counter()
        with cursor.cursor.copy("COPY bench_roster_copy FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_roster_copy")
        assert cursor.fetchone()[0] == len(rows)
        cursor.execute("DROP TABLE bench_roster_copy")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--inline-strings", action="store_true", help="keep openpyxl's inline strings")
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection

    from dangjian.core.audit import audit_context, verify_chain
    from dangjian.core.io.roster import roster_import
    from dangjian.core.models import AuditEntry, Person

    vendor = connection.vendor
    print(f"数据库: {vendor} ({url.split('@')[-1]})")
    started = time.perf_counter()
    branches = build_county()
    rows = generate_rows(args.rows, branches, args.seed, dt.date.today())
    path = Path(tempfile.gettempdir()) / f"dangjian-import-bench-{args.rows}-{args.seed}.xlsx"
    write_xlsx(rows, path)
    if not args.inline_strings:
        share_strings(path)
    print(
        f"准备: {len(branches)} 个支部, {len(rows)} 行写入 {path} ({path.stat().st_size / 1e6:.1f} MB), "
        f"{time.perf_counter() - started:.1f}s"
    )

    with audit_context(source="cli"):
        result = roster_import(actor=None, source=path, file_name=path.name)
    if result.errors:
        for error in result.errors[:20]:
            print(error)
        raise SystemExit(f"导入失败: {len(result.errors)} 处错误")
    assert Person.objects.count() == len(rows) and result.created == len(rows)
    assert AuditEntry.objects.filter(action="create", object_type="core.person").count() == len(rows)

    n = len(rows)
    timings = result.timings
    total = sum(timings.values())
    print(f"\n导入 {n} 行 (roster_import, 与 manage.py import_roster 同一路径):")
    for stage, label in (
        ("parse", "解析 xlsx"),
        ("validate", "逐行校验"),
        ("prepare", "加密/构造"),
        ("write", "写入事务"),
    ):
        seconds = timings.get(stage, 0.0)
        print(f"  {label:<10} {seconds:7.2f}s  {n / seconds if seconds else 0:>10,.0f} 行/秒")
    print(f"  {'端到端':<10} {total:7.2f}s  {n / total:>10,.0f} 行/秒")
    details = result.details
    print(
        "  写入事务内: 插入党员 {:.2f}s ({:,.0f} 行/秒), 工作轨迹(链式哈希+插入) {:.2f}s, 提交 {:.2f}s".format(
            details["write.people"], n / details["write.people"], details["write.audit"], details["write.commit"]
        )
    )
    write_rate = n / timings["write"]

    if vendor == "postgresql":
        copy_seconds = copy_rows(rows)
        copy_rate = n / copy_seconds
        print(f"\n同一批行 COPY 进空表 (13列,无索引): {copy_seconds:.2f}s  {copy_rate:,.0f} 行/秒")
        print(f"  写入事务 / COPY = {write_rate / copy_rate:.2f}  (目标 ≥ 0.33; 含每名党员一条链式工作轨迹)")
        people_rate = n / details["write.people"]
        print(f"  其中仅插入党员 / COPY = {people_rate / copy_rate:.2f}  (25列、6个索引的 core_person)")
        print(f"  端到端   / COPY = {n / total / copy_rate:.2f}  (含解析 xlsx 与逐行校验)")
    else:
        print("\n(SQLite: 无 COPY 对照; 在 scripts/with_postgres.sh 下运行以得到 PostgreSQL 与 COPY 的对比)")

    check = time.perf_counter()
    report = verify_chain()
    state = "完整" if report.ok else "有误"
    print(f"\n工作轨迹哈希链: {state} ({report.checked} 条, 校验 {time.perf_counter() - check:.1f}s)")
    if not args.keep:
        path.unlink()
    if vendor == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
