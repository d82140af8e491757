"""Settings every test run starts from, for the core's tests and the plugins' alike."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config) -> None:
    """A person's own settings (``$XDG_CONFIG_HOME/stadstafel/settings.toml``, theme and
    language chosen in the app) must not reach the tests: a developer who switched the app to
    English would otherwise see Dutch assertions fail. The run gets an empty folder of its own;
    a test that is about those settings sets its own."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="stadstafel-test-config-")
