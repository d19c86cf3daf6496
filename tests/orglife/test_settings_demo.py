"""Demo settings on a small demo county: the 10th as 主题党日, the "六事联动" checklist, the default requirements
from January 1 of last year — and the compliance engine runs on them."""

import datetime as dt
import random

import pytest

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS
from dangjian.core.demo.plan import CountyShape, plan_county
from dangjian.core.demo.writer import write_county
from dangjian.core.models import AuditEntry, User
from dangjian.orglife import rules
from dangjian.orglife.demo import settings as demo
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.selectors import compliance

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 20)


def test_demo_settings(settings):
    settings.DANGJIAN_TODAY = TODAY
    plan = plan_county(
        seed=1, place=LINYING, anchor=TODAY, shape=CountyShape.small(8), townships=list(LINYING_TOWNSHIPS)
    )
    with audit.audit_context(source="system"):
        county = write_county(plan, parent=None, summary={"seed": 1})
        demo.build(county, today=TODAY, rng=random.Random("1-orglife-settings"))
    setting = OrgLifeSetting.objects.get(county=county)
    assert setting.theme_days == [10] and setting.agenda_items[0] == "学习党章" and len(setting.agenda_items) == 6
    requirements = MeetingRequirement.objects.filter(county=county)
    assert requirements.count() == len(rules.DEFAULT_REQUIREMENTS)
    # In force from the first month the demo's meetings cover: six months before this month.
    assert {r.effective_from for r in requirements} == {dt.date(2024, 12, 1)}
    summary = AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="settings").get()
    assert summary.after["requirements"] == 8
    admin = User(username="demo_admin", role="county_admin", org=county, is_active=True)  # unsaved: enough to read
    children, total = compliance.children_rollup(admin, county, compliance.Span(2024))
    assert total.branches > 0 and total.due > 0 and total.met == 0 and children
