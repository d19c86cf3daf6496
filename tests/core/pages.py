"""Helpers shared by the page tests."""


def login(client, tree, who):
    client.force_login(tree.accounts[who])
    return client


def page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()
