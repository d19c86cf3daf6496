"""Every account sees its own subtree only; a member only themself; out of scope looks like missing."""

import pytest
from django.http import Http404

from dangjian.core.models import AuditEntry, Org, Person, Post, User
from dangjian.core.scoping import ancestor_paths, get_scoped_or_404, published_to, scoped

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]


def names(qs):
    return sorted(o.code if isinstance(o, Org) else o.pk for o in qs)


def test_county_admin_sees_the_whole_county(tree):
    user = tree.accounts["county"]
    assert scoped(Org, user).count() == 6
    assert scoped(Person, user).count() == 7


def test_township_admin_sees_only_the_township_subtree(tree):
    user = tree.accounts["town_a"]
    assert names(scoped(Org, user)) == ["T001", "V001", "V002"]
    assert set(scoped(Person, user)) == set(tree.people["a1"] + tree.people["a2"])


def test_branch_secretary_sees_only_the_branch(tree):
    user = tree.accounts["secretary_a1"]
    assert names(scoped(Org, user)) == ["V001"]
    assert set(scoped(Person, user)) == set(tree.people["a1"])


def test_sibling_branch_gets_404_like_a_missing_object(tree):
    user = tree.accounts["secretary_a2"]
    other = tree.people["a1"][0]
    with pytest.raises(Http404):
        get_scoped_or_404(Person, user, pk=other.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(Person, user, pk=10**9)


def test_member_sees_only_themself(tree):
    user = tree.accounts["member_a1"]
    assert list(scoped(Person, user)) == [tree.people["a1"][0]]
    assert names(scoped(Org, user)) == ["V001"]
    assert scoped(AuditEntry, user).count() == 0
    assert list(scoped(User, user)) == [user]


def test_path_prefix_of_a_sibling_code_does_not_leak(tree):
    """V001's path must not be a prefix of another org's path outside its subtree."""
    user = tree.accounts["secretary_a1"]
    assert scoped(Post, user).count() == 0
    assert all(p.org_path.startswith(tree.village_a1.path) for p in scoped(Person, user))


def test_inactive_or_anonymous_users_see_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    user = tree.accounts["county"]
    user.is_active = False
    assert scoped(Person, user).count() == 0
    assert scoped(Person, AnonymousUser()).count() == 0


def test_the_subtree_range_covers_every_path_character():
    """The scope is a range [path, path + "~"): every character a path may hold sorts below its end."""
    from dangjian.core.models import Org
    from dangjian.core.scoping import PATH_END

    assert all(ch < PATH_END for ch in Org.alphabet)


def test_ancestor_paths_are_the_org_and_every_org_above_it():
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]
    assert ancestor_paths("0001") == ["0001"]


def _published_orgs(user):
    return set(published_to(Org, user).values_list("code", flat=True))


def test_published_to_adds_the_orgs_above_to_the_scope(tree):
    """What the county and township a publish reaches branch a1; township b's and a sibling branch's does not."""
    assert _published_orgs(tree.accounts["secretary_a1"]) == {"C001", "T001", "V001"}
    assert _published_orgs(tree.accounts["town_a"]) == {"C001", "T001", "V001", "V002"}
    assert _published_orgs(tree.accounts["county"]) == {"C001", "T001", "T002", "V001", "V002", "V003"}


def test_published_to_for_a_member_is_their_org_and_above_only(tree):
    assert _published_orgs(tree.accounts["member_a1"]) == {"C001", "T001", "V001"}


def test_published_to_shows_nothing_to_an_anonymous_user(tree):
    from django.contrib.auth.models import AnonymousUser

    assert _published_orgs(AnonymousUser()) == set()
