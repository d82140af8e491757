"""An entry point that cannot be imported: its dependency is missing."""

import stadstafel_fixture_missing_dependency  # noqa: F401
