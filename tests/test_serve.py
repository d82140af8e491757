"""Browser access (``stadstafel serve``): identity from the proxy's header, the Origin check,
quoting, our own page, and the installed command driven over its WebSocket.

The protocol tests talk to ``/ws`` with aiohttp as a browser would and always run; the browser
tests do the same through Debian's Chromium where it is installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import asyncio
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from stadstafel.config import parse_config
from stadstafel.errors import ConfigError
from stadstafel.serve import Gate, Refusal, build_server, child_command, serve_settings

BIN = Path(sys.executable).parent / "stadstafel"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config_with(serve: str, users: str = '[users.portaal]\nrole = "gebruiker"\n'):
    return parse_config(f"[ssh]\nservice_accounts = []\n{users}\n[serve]\n{serve}")


# -- the gate --------------------------------------------------------------------------------


def gate(**settings):
    cfg = config_with(
        'public_url = "https://tafels.example.nl"\nidentity_header = "X-Remote-User"\n'
    )
    s = serve_settings(cfg)
    for k, v in settings.items():
        setattr(s, k, v)
    return Gate(s, cfg.users, insecure_local=False)


def test_identity_comes_only_from_the_configured_header():
    g = gate()
    assert g.login({"X-Remote-User": "portaal"}) == "portaal"
    for headers in ({}, {"X-Remote-User": ""}, {"Remote-User": "portaal"}):
        with pytest.raises(Refusal) as refused:
            g.login(headers)
        assert refused.value.status == 403


def test_a_login_outside_users_or_with_odd_characters_is_refused():
    g = gate()
    for value in ("onbekend", "portaal; rm -rf ~", "$(id)", "-x", "portaal\nx"):
        with pytest.raises(Refusal):
            g.login({"X-Remote-User": value})


def test_websocket_origin_must_be_the_public_url():
    g = gate()
    g.check_origin({"Origin": "https://tafels.example.nl"})
    g.check_origin({"Origin": "https://TAFELS.example.nl:443"})
    for origin in ("https://evil.example", "http://tafels.example.nl", "null", None):
        with pytest.raises(Refusal):
            g.check_origin({} if origin is None else {"Origin": origin})


def test_the_child_command_quotes_every_part():
    cmd = child_command(Path("/srv/leiden $(id)/stadstafel.toml"), "a'b")
    argv = shlex.split(cmd)
    assert argv[-4:] == ["--config", "/srv/leiden $(id)/stadstafel.toml", "--as", "a'b"]
    assert argv[:3] == [sys.executable, "-m", "stadstafel"]


def test_the_server_refuses_to_start_without_identity_or_public_url():
    with pytest.raises(ConfigError, match="identity_header"):
        build_server(config_with(""))
    with pytest.raises(ConfigError, match="public_url"):
        build_server(config_with('identity_header = "X-Remote-User"'))
    with pytest.raises(ConfigError, match=r"serve\.host"):
        build_server(config_with('host = "0.0.0.0"'), insecure_local=True)
    # The OS login that runs the server must be a service account before --as is used.
    with pytest.raises(ConfigError, match="service_accounts"):
        build_server(
            config_with(
                'public_url = "https://tafels.example.nl"\nidentity_header = "X-Remote-User"'
            )
        )


def test_bad_serve_values_are_config_errors():
    with pytest.raises(ConfigError, match=r"serve\.public_url"):
        serve_settings(config_with('public_url = "tafels.example.nl"'))
    with pytest.raises(ConfigError, match=r"serve\.identity_header"):
        serve_settings(config_with('identity_header = "X Remote: User"'))
    with pytest.raises(ConfigError, match=r"serve\.port"):
        serve_settings(config_with("port = 70000"))


# -- the installed command, over its WebSocket ---------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``stadstafel serve`` on the demo workspace, identity from X-Remote-User."""
    workspace = tmp_path_factory.mktemp("serve") / "leiden"
    subprocess.run([str(BIN), "demo", "--create", str(workspace)], check=True, capture_output=True)
    port = free_port()
    cfg = workspace / "stadstafel.toml"
    with cfg.open("a") as f:
        f.write(
            f'\n[serve]\nport = {port}\npublic_url = "http://127.0.0.1:{port}"\n'
            'identity_header = "X-Remote-User"\n'
        )
    proc = subprocess.Popen(
        [str(BIN), "--config", str(cfg), "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(proc.stdout.read().decode())
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


async def _session_text(url, headers, *, keys=(), until=(), timeout=30.0):
    """Open a session, wait for each text of ``until`` in turn, sending ``keys[i]`` after."""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"{url}/ws?width=80&height=24", headers=headers) as ws,
    ):
        buf = b""
        loop = asyncio.get_running_loop()
        for i, text in enumerate(until):
            end = loop.time() + timeout
            while text.encode() not in ANSI.sub(b"", buf):
                if loop.time() > end:
                    raise AssertionError(f"never saw {text!r}: {ANSI.sub(b'', buf)[-400:]!r}")
                try:
                    msg = await ws.receive(timeout=1)
                except TimeoutError:
                    continue
                if msg.type == aiohttp.WSMsgType.BINARY:
                    buf += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    raise AssertionError(f"closed before {text!r}")
            if i < len(keys):
                buf = b""
                await ws.send_json(["stdin", keys[i]])
        return ANSI.sub(b"", buf).decode("utf-8", "replace")


@pytest.mark.e2e
def test_a_session_runs_as_the_headers_login_and_takes_keys(served):
    headers = {"X-Remote-User": "portaal", "Origin": served}
    asyncio.run(_session_text(served, headers, keys=["p"], until=["(portaal)", "Partners"]))


def _download(served, typed: list[tuple[str, float]]):
    """Sign in as the secretary, type ``typed`` ((text, seconds to wait after it)), and fetch
    the download the session offers: (status, headers, body). The download URL is refused
    without the login's header."""

    async def export():
        headers = {"X-Remote-User": "secretaris", "Origin": served}
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(f"{served}/ws?width=80&height=24", headers=headers) as ws,
        ):
            seen = b""
            loop = asyncio.get_running_loop()
            end = loop.time() + 30
            while b"(secretaris)" not in ANSI.sub(b"", seen):
                assert loop.time() < end, "the home screen never came"
                msg = await ws.receive(timeout=30)
                if msg.type == aiohttp.WSMsgType.BINARY:
                    seen += msg.data
            for text, wait in typed:
                await ws.send_json(["stdin", text])
                await asyncio.sleep(wait)
            key = None
            end = loop.time() + 30
            while key is None:
                assert loop.time() < end, "no download was offered"
                msg = await ws.receive(timeout=30)
                if msg.type == aiohttp.WSMsgType.TEXT:
                    data = msg.json()
                    if data[0] == "deliver_file_start":
                        key = data[1]
            await asyncio.sleep(1.0)  # the file streams from the session to the server
            async with http.get(f"{served}/download/{key}") as refused:
                assert refused.status == 403  # no identity, no file
            async with http.get(
                f"{served}/download/{key}", headers={"X-Remote-User": "secretaris"}
            ) as r:
                return r.status, r.headers, await r.read()

    return asyncio.run(export())


@pytest.mark.e2e
def test_an_export_from_the_palette_arrives_as_a_browser_download(served):
    """In the browser an export is a download from the server's single-use URL, for the
    header's login only; nothing is written to the server's exports folder."""
    status, headers, body = _download(
        served,
        [("\x10", 0.5), ("Exporteren: Open data", 1.0), ("\r", 0)],  # ctrl+p
    )
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert "open-data.json" in headers["Content-Disposition"]
    assert body.startswith(b"{") and b"Leiden" in body


@pytest.mark.e2e
def test_the_agenda_export_key_arrives_as_a_browser_download(served):
    """E on a meeting's agenda, the first format (the agenda as Markdown): a download."""
    status, headers, body = _download(
        served,
        [("v", 1.0), ("\r", 1.5), ("E", 1.0), ("\r", 0)],  # today's meeting
    )
    assert status == 200
    assert headers["Content-Type"].startswith("text/markdown")
    assert "agenda-md-meeting-" in headers["Content-Disposition"]
    assert body.startswith(b"# Agenda ")


@pytest.mark.e2e
def test_requests_without_the_header_or_from_another_site_get_nothing(served):
    async def statuses():
        async with aiohttp.ClientSession() as http:
            out = {}
            cases = {
                "page without header": ("/", {}),
                "ws without header": ("/ws", {"Origin": served}),
                "ws foreign origin": (
                    "/ws",
                    {"X-Remote-User": "portaal", "Origin": "https://x.example"},
                ),
                "ws unknown login": ("/ws", {"X-Remote-User": "mallory", "Origin": served}),
            }
            for name, (path, headers) in cases.items():
                ws_headers = {
                    "Connection": "Upgrade",
                    "Upgrade": "websocket",
                    "Sec-WebSocket-Version": "13",
                    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                }
                extra = ws_headers if path == "/ws" else {}
                async with http.get(served + path, headers={**headers, **extra}) as r:
                    out[name] = r.status
            return out

    assert set(asyncio.run(statuses()).values()) == {403}


@pytest.mark.e2e
def test_our_page_loads_nothing_from_elsewhere(served):
    async def page():
        async with (
            aiohttp.ClientSession() as http,
            http.get(served + "/", headers={"X-Remote-User": "portaal"}) as r,
        ):
            return r.status, await r.text(), r.headers

    status, html, headers = asyncio.run(page())
    assert status == 200
    assert "<title>stadstafel — Leiden (demo)</title>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing absolute
    assert "googleapis" not in html
    assert "default-src 'self'" in headers["Content-Security-Policy"]


# -- a real browser: Debian's Chromium driven by Playwright (no browser download) ----------------
# The terminal is drawn on a canvas, so the test reads what the app sends over the WebSocket.
# The identity header is what the reverse proxy adds to every request; here the browser context
# adds it.

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def _frames_until(page, frames: list[bytes], text: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if text.encode() in ANSI.sub(b"", b"".join(frames)):
            return
        page.wait_for_timeout(100)
    shown = ANSI.sub(b"", b"".join(frames))[-300:]
    raise AssertionError(f"never saw {text!r} in the WebSocket stream: {shown!r}")


@pytest.mark.e2e
def test_a_partner_works_in_the_browser_as_themselves(browser, served):
    context = browser.new_context(extra_http_headers={"X-Remote-User": "portaal"})
    page = context.new_page()
    frames: list[bytes] = []
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    def on_socket(ws):
        ws.on(
            "framereceived",
            lambda payload: frames.append(payload if isinstance(payload, bytes) else b""),
        )

    page.on("websocket", on_socket)
    page.goto(served + "/")
    _frames_until(page, frames, "(portaal)")
    frames.clear()
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.press("p")
    _frames_until(page, frames, "Partners")
    # Every request the page made stayed on this site (no fonts or scripts from elsewhere).
    assert requests and all(r.startswith(served) for r in requests), requests
    context.close()


@pytest.mark.e2e
def test_a_browser_without_the_header_gets_no_session(browser, served):
    page = browser.new_page()
    response = page.goto(served + "/")
    assert response.status == 403
    assert re.search("portal", page.content())
