"""The demo workspaces: the Leiden demo (``build_demo``) and bulk data (``generate``)."""

from stadstafel.demo.leiden import DEMO_USERS, build_demo

__all__ = ["DEMO_USERS", "build_demo"]
