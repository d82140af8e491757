"""A single-file plugin that fails to import."""

import stadstafel_kapot_missing  # noqa: F401
