"""API clients for the members tests: one signed in with an account's token."""

from rest_framework.test import APIClient

from dangjian.core.api.services import api_token_issue


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=user)}")
    return client
