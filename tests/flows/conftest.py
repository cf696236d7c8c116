"""One Prefect test harness (a temporary API server) for every flow test of the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    from flows.common import close_services

    with prefect_test_harness(server_startup_timeout=120):
        yield
        close_services()
