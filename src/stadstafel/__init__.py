"""stadstafel: a keyboard-first terminal workspace for a city's samenwerkingstafels.

The public API for plugins is what this module exports: ``hookimpl`` and the names listed in
``__all__``. Everything else is internal and may change without notice.
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("stadstafel")

from stadstafel.config import REQUIRED, SchemaKey  # noqa: E402
from stadstafel.errors import (  # noqa: E402
    ConflictError,
    NotFound,
    PermissionDenied,
    StadstafelError,
    ValidationError,
)

__all__ = [
    "REQUIRED",
    "ConflictError",
    "NotFound",
    "PermissionDenied",
    "SchemaKey",
    "StadstafelError",
    "ValidationError",
    "__version__",
    "hookimpl",
]
