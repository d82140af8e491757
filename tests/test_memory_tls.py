"""The terminal UI imports Textual (and asyncio) without OpenSSL (``stadstafel.memory.
without_tls``, in ``stadstafel.start.run_tui``), and the benchmark's minimal app the same way."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from stadstafel import memory

BENCH = Path(__file__).resolve().parents[1] / "bench"

# run_tui as the command runs it, stopped right after the app's modules are imported (the
# host's theme check is the next step): what is loaded then, and whether ssl still imports.
START_STOPPED = textwrap.dedent(
    """
    import json, sys
    from types import SimpleNamespace
    from stadstafel import start

    class Stop(Exception):
        pass

    def themes():
        raise Stop

    ctx = SimpleNamespace(host=SimpleNamespace(themes=themes), workspace=lambda: None)
    try:
        start.run_tui(ctx)
    except Stop:
        pass
    import asyncio.base_events, textual.app
    out = {"ssl_loaded": "ssl" in sys.modules, "asyncio_tls": asyncio.base_events.ssl is not None}
    import ssl  # afterwards: the real module (mail, urllib)
    out["ssl_after"] = hasattr(ssl, "create_default_context")
    print(json.dumps(out))
    """
)


def _run(code: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_ui_imports_textual_without_openssl_and_ssl_imports_afterwards():
    out = _run(START_STOPPED)
    assert out == {"ssl_loaded": False, "asyncio_tls": False, "ssl_after": True}


def test_the_minimal_app_imports_textual_the_same_way():
    code = "import json, sys; sys.path.insert(0, sys.argv[1]); import minimal_app, asyncio; "
    code += "loaded = {'ssl': 'ssl' in sys.modules, 'textual': 'textual.app' in sys.modules}; "
    code += "print(json.dumps(loaded))"
    assert _run(code, str(BENCH)) == {"ssl": False, "textual": True}


def test_without_tls_leaves_a_loaded_ssl_alone():
    import ssl

    with memory.without_tls():
        import ssl as inside
    assert inside is ssl and sys.modules["ssl"] is ssl


# Inside the block another thread (the read-ahead, which opens the workspace and runs the
# modules' attach hooks) imports a module that looks for ssl once, at its import, as
# http.client, urllib.request and smtplib do: it must find it, or HTTPS and STARTTLS stay
# missing from that module for the rest of the session.
OTHER_THREAD = textwrap.dedent(
    """
    import json, sys, threading
    from stadstafel import memory

    assert "ssl" not in sys.modules
    found = {}

    def other():
        try:
            import ssl
            found["other"] = hasattr(ssl, "create_default_context")
        except ImportError:
            found["other"] = False

    with memory.without_tls():
        import asyncio.base_events  # this thread's imports: without ssl, as before

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    print(json.dumps({**found, "asyncio_tls": asyncio.base_events.ssl is not None}))
    """
)


def test_another_thread_inside_finds_ssl():
    assert _run(OTHER_THREAD) == {"other": True, "asyncio_tls": False}
