"""Not a plugin: files starting with an underscore are skipped."""

raise RuntimeError("_hulp.py must never be imported as a plugin")
