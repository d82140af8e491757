"""Fixtures of the sociaal-domein tests (helpers in ``sociaal_domein_testkit``)."""

from sociaal_domein_testkit import net, ws  # noqa: F401
