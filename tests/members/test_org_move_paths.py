"""Moving an org rewrites every copied org path, so the moved branch's lifecycle records stay in its scope."""

import datetime as dt

import pytest
from django.apps import apps

from dangjian.core.choices import Role, Standing
from dangjian.core.scoping import ScopeRule, scoped
from dangjian.core.services import org_move, path_copies
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange
from dangjian.members.services.standing import standing_change
from dangjian.service.models import PublicHit
from tests.core.factories import make_account

pytestmark = pytest.mark.django_db


def test_every_local_path_column_is_rewritten_on_move():
    covered = {(model, path) for model, path, _ in path_copies()}
    labels = ("members", "orglife", "villages", "service")
    models = [m for label in labels for m in apps.get_app_config(label).get_models()]
    for model in models:
        if model is PublicHit:  # a public form's attempt belongs to no org
            continue
        rule = getattr(model, "scope", None)
        assert isinstance(rule, ScopeRule), model
        for path in (rule.path, rule.also_path):
            if path and "__" not in path:
                assert (model, path) in covered, (model, path)


def test_moved_branch_takes_its_records_along(tree):
    change = standing_change(
        actor=None,
        person=tree.people["a1"][1],
        to_standing=Standing.ABROAD,
        changed_on=dt.date(2024, 6, 1),
        basis=StandingBasis.ABROAD,
        reason="出国务工",
    )
    town_b_admin = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    assert not scoped(StandingChange, town_b_admin).filter(pk=change.pk).exists()
    org_move(actor=tree.accounts["county"], org=tree.village_a1, new_parent=tree.town_b)
    assert scoped(StandingChange, town_b_admin).filter(pk=change.pk).exists()
    assert not scoped(StandingChange, tree.accounts["town_a"]).filter(pk=change.pk).exists()
