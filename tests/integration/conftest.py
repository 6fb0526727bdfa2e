"""Fixtures for tests against real services on loopback.

``es_node`` / ``opensearch_node``: one embedded Elasticsearch 7.17 / OpenSearch
2.19 node per test session (built into the cache on first use, see
``leakwarden.demo.engines``). ``nginx_factory``: makes started
:class:`~leakwarden.testing.nginx.NginxProxy` instances, stopped at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from leakwarden.demo.engines import EmbeddedEngine
from leakwarden.testing.nginx import NginxProxy


def pytest_configure(config: pytest.Config) -> None:
    # also registered in pyproject.toml; repeated here so this directory runs on its own
    config.addinivalue_line("markers", "integration: runs against a real store (embedded engines, nginx, ...)")


@pytest.fixture(scope="session")
def es_node() -> Iterator[EmbeddedEngine]:
    with EmbeddedEngine("elasticsearch") as node:
        yield node


@pytest.fixture(scope="session")
def opensearch_node() -> Iterator[EmbeddedEngine]:
    with EmbeddedEngine("opensearch") as node:
        yield node


@pytest.fixture
def nginx_factory() -> Iterator[Callable[..., NginxProxy]]:
    proxies: list[NginxProxy] = []

    def make(upstream_port: int, **kwargs) -> NginxProxy:
        proxy = NginxProxy(upstream_port, **kwargs)
        proxies.append(proxy)
        return proxy.start()

    try:
        yield make
    finally:
        for proxy in reversed(proxies):
            proxy.stop()
