"""Page-number pagination of every API list: `count`, `next`, `previous`, `results`."""

from rest_framework.pagination import PageNumberPagination

from dangjian.core.paging import DeferredJoinPaginator


class ApiPagination(PageNumberPagination):
    django_paginator_class = DeferredJoinPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = "页码(从1开始)"
    page_size_query_description = "每页条数(默认50,最多200)"
