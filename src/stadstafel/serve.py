"""Browser access: the same terminal UI in a browser, through textual-serve.

Each browser session is one WebSocket and one ``stadstafel`` process, started exactly as an
SSH key of the shared-account mode starts it (``stadstafel --config FILE --as LOGIN``). What
this module adds to textual-serve is what a deployment needs and the stock server lacks:

- **identity** from one trusted header that the municipality's reverse proxy sets after it
  authenticated the person (``[serve] identity_header``), mapped through ``[users]`` like
  ``--as``; a request without it, or with a login that is not configured, gets 403;
- an **Origin check** on the WebSocket against the configured public URL, so a page of another
  site cannot open a session in a signed-in browser;
- the login handed to the child **quoted** (textual-serve starts the command through a shell);
- **our own page**: no third-party fonts or scripts, the workspace's name on the splash, and
  every URL relative to the page, so a proxy may serve it under any path.

Without ``identity_header`` the server refuses to start, unless ``--insecure-local`` is given:
then it serves only on the loopback address, every session runs as the OS login that started
it, and the Origin must be that loopback address.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stadstafel.config import SchemaKey, validate_section
from stadstafel.errors import ConfigError

__all__ = ["SERVE_SCHEMA", "ServeSettings", "build_server", "serve_settings"]

SERVE_SCHEMA = {
    "host": SchemaKey(
        str,
        "127.0.0.1",
        "Address to listen on (keep the loopback address "
        "behind a reverse proxy on the same machine).",
    ),
    "port": SchemaKey(int, 8000, "Port to listen on."),
    "public_url": SchemaKey(
        str,
        None,
        "The address people open, as the reverse proxy serves it (https://…). WebSocket "
        "requests must come from this origin.",
    ),
    "identity_header": SchemaKey(
        str,
        None,
        "Request header in which the reverse proxy passes the authenticated login "
        "(e.g. X-Remote-User). Required unless --insecure-local.",
    ),
}
LOGIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
TEMPLATES = Path(__file__).parent / "serve_templates"


class ServeSettings:
    """The validated ``[serve]`` section."""

    def __init__(self, host: str, port: int, public_url: str | None, identity_header: str | None):
        self.host = host
        self.port = port
        self.public_url = public_url
        self.identity_header = identity_header


def serve_settings(config: Any) -> ServeSettings:
    """``[serve]`` of the configuration, validated: a bad value is a ConfigError (exit 2)."""
    file = str(config.source or "(standaardinstellingen)")
    raw = (getattr(config, "raw", None) or {}).get("serve")
    values = validate_section(raw, SERVE_SCHEMA, file=file, prefix="serve", secrets=set())
    if not 0 < values["port"] < 65536:
        raise ConfigError(file, "serve.port", "a port from 1 to 65535", str(values["port"]))
    url = values["public_url"]
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(file, "serve.public_url", "an http(s):// address", repr(url))
    header = values["identity_header"]
    if header is not None and not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ConfigError(
            file, "serve.identity_header", "a header name such as X-Remote-User", repr(header)
        )
    return ServeSettings(values["host"], values["port"], url, header)


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}[scheme]
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}{port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_origins(settings: ServeSettings) -> set[str]:
    """The origins a WebSocket may come from."""
    if settings.public_url:
        return {_origin(settings.public_url)}
    return {_origin(f"http://{h}:{settings.port}") for h in ("127.0.0.1", "localhost", "[::1]")}


def child_command(config_path: Path | None, login: str | None) -> str:
    """The shell command of one session's process, every part quoted."""
    argv = [sys.executable, "-m", "stadstafel"]
    if config_path is not None:
        argv += ["--config", str(config_path)]
    if login is not None:
        argv += ["--as", login]
    return shlex.join(argv)


class Refusal(Exception):
    """A request that gets no session: the HTTP status and a plain reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Gate:
    """Who may have a session: identity from the trusted header, Origin from the public URL."""

    def __init__(
        self,
        settings: ServeSettings,
        users: Mapping[str, Any],
        *,
        insecure_local: bool,
    ):
        self.settings = settings
        self.users = users
        self.insecure_local = insecure_local
        self.origins = allowed_origins(settings)

    def login(self, headers: Mapping[str, str]) -> str | None:
        """The login a request acts as (None: the server's own OS login, insecure-local only)."""
        header = self.settings.identity_header
        if header is None:
            return None
        value = headers.get(header, "").strip()
        if not value:
            raise Refusal(403, f"no {header} header: sign in through the portal")
        if not LOGIN_RE.match(value) or value not in self.users:
            raise Refusal(403, "this login has no access to this workspace")
        return value

    def check_origin(self, headers: Mapping[str, str]) -> None:
        origin = headers.get("Origin") or ""
        try:
            normal = _origin(origin)
        except (KeyError, ValueError):  # no scheme we know ("null"), or a bad port
            normal = None
        if normal not in self.origins:
            raise Refusal(403, "a session may only be opened from this site's own page")


def build_server(config: Any, *, insecure_local: bool = False, port: int | None = None):
    """The configured server (a ``textual_serve.server.Server``), checked before it listens.

    Raises ConfigError for a configuration that would serve unauthenticated sessions.
    """
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from stadstafel.workspace import os_login

    settings = serve_settings(config)
    if port is not None:
        settings.port = port
    file = str(config.source or "(standaardinstellingen)")
    if insecure_local:
        if not _is_loopback(settings.host):
            raise ConfigError(
                file, "serve.host", "a loopback address with --insecure-local", settings.host
            )
        settings.identity_header = None
        settings.public_url = None
    elif settings.identity_header is None:
        raise ConfigError(
            file,
            "serve.identity_header",
            "the header in which the reverse proxy passes the login "
            "(or --insecure-local, for a test on this machine only)",
            "no value",
        )
    elif settings.public_url is None:
        raise ConfigError(
            file, "serve.public_url", "the https:// address of the reverse proxy", "no value"
        )
    else:
        accounts = list(getattr(config, "service_accounts", []) or [])
        if os_login() not in accounts:
            raise ConfigError(
                file,
                "ssh.service_accounts",
                f"the OS login '{os_login()}' that runs stadstafel serve listed there, so that "
                "sessions may act as the header's login",
                str(accounts),
            )
    gate = Gate(settings, getattr(config, "users", {}) or {}, insecure_local=insecure_local)
    title = f"stadstafel — {config.workspace_name}"
    config_path = Path(config.source).resolve() if config.source else None

    class StadstafelServer(Server):
        """textual-serve with our identity, Origin check, page and quoting."""

        def __init__(self) -> None:
            super().__init__(
                child_command(config_path, None),
                host=settings.host,
                port=settings.port,
                title=title,
                public_url=settings.public_url,
                templates_path=TEMPLATES,
            )

        async def on_startup(self, app: web.Application) -> None:
            where = settings.public_url or f"http://{settings.host}:{settings.port}/"
            mode = (
                "insecure-local"
                if insecure_local
                else f"identity from {gate.settings.identity_header}"
            )
            print(f"stadstafel serve: {where} ({mode}); Ctrl+C stops", flush=True)

        def initialize_logging(self) -> None:
            import logging

            logging.basicConfig(level="INFO", format="%(message)s")

        async def handle_index(self, request: web.Request) -> web.Response:
            try:
                gate.login(request.headers)
            except Refusal as refusal:
                return web.Response(status=refusal.status, text=refusal.reason + "\n")
            page = (TEMPLATES / "index.html").read_text(encoding="utf-8")
            page = page.replace("{{TITLE}}", _html(title))
            return web.Response(text=page, content_type="text/html", headers=_PAGE_HEADERS)

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            try:
                gate.login(request.headers)
            except Refusal as refusal:
                return web.Response(status=refusal.status, text=refusal.reason + "\n")
            return await super().handle_download(request)

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            try:
                gate.check_origin(request.headers)
                login = gate.login(request.headers)
            except Refusal as refusal:
                return web.Response(status=refusal.status, text=refusal.reason + "\n")
            websocket = web.WebSocketResponse(heartbeat=15)
            width = _size(request.query.get("width"), 80)
            height = _size(request.query.get("height"), 24)
            await websocket.prepare(request)
            service = AppService(
                child_command(config_path, login),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=False,
            )
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except (asyncio.CancelledError, ConnectionError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    await service.stop()
                with contextlib.suppress(Exception):
                    await websocket.close()
            return websocket

    return StadstafelServer()


_PAGE_HEADERS = {
    # Our page loads only its own scripts, styles and fonts.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
        "'unsafe-inline'; font-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _html(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _size(value: str | None, default: int) -> int:
    try:
        return max(10, min(int(value or default), 1000))
    except ValueError:
        return default
