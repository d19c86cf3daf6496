"""Deferred-join paging gives exactly the rows and order of plain slicing."""

import pytest

from dangjian.core.models import Person
from dangjian.core.paging import DeferredJoinPaginator

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]


@pytest.mark.parametrize("order", [("org_path", "id"), ("-id",)])
def test_every_page_matches_a_plain_slice(tree, order):
    queryset = Person.objects.order_by(*order)
    expected = list(queryset)
    paginator = DeferredJoinPaginator(queryset, 3)
    pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
    assert [p for page in pages for p in page] == expected
    assert [len(page) for page in pages] == [3, 3, 1]


def test_orphans_join_the_last_page(tree):
    paginator = DeferredJoinPaginator(Person.objects.order_by("id"), 3, orphans=1)
    assert [len(paginator.page(n).object_list) for n in paginator.page_range] == [3, 4]
