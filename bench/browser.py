"""Browser access and reminders, timed from outside.

- ``browser_start``: from starting ``stadstafel serve`` to the home screen's text arriving
  over the WebSocket (a new session's process start included), beside the terminal start of
  the same workspace on a pseudo-terminal, the two alternating;
- ``rappel_time``: ``stadstafel rappel --dry-run`` on a workspace, the whole process.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ptyrun import measure

BIN = Path(sys.executable).parent / "stadstafel"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _until_text(url: str, origin: str, marker: bytes, timeout: float) -> None:
    import aiohttp

    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"{url}/ws?width=80&height=24", headers={"Origin": origin}) as ws,
    ):
        seen = b""
        end = time.monotonic() + timeout
        while marker not in ANSI.sub(b"", seen):
            if time.monotonic() > end:
                raise TimeoutError(marker)
            msg = await ws.receive(timeout=timeout)
            if msg.type.name == "BINARY":
                seen += msg.data
            elif msg.type.name in ("CLOSE", "CLOSED", "ERROR"):
                raise ConnectionError(msg)


def browser_once(config: Path, marker: bytes, timeout: float = 60.0) -> tuple[float, float]:
    """Seconds from starting the server to ``marker`` in the first session's stream, and from
    opening a second session on the running server to its ``marker``."""
    port = _free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [str(BIN), "--config", str(config), "serve", "--insecure-local", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError("server did not listen")
            time.sleep(0.005)
        url = f"http://127.0.0.1:{port}"
        asyncio.run(_until_text(url, url, marker, timeout))
        first = time.perf_counter() - t0
        t1 = time.perf_counter()
        asyncio.run(_until_text(url, url, marker, timeout))
        return first, time.perf_counter() - t1
    finally:
        server.terminate()
        server.wait(10)


def browser_start(config: Path, marker: bytes, rounds: int) -> dict:
    """Browser path and terminal start, alternating; medians and the machine load."""
    browser_once(config, marker)  # untimed: files into the page cache
    web, session, term = [], [], []
    for _ in range(rounds):
        first, again = browser_once(config, marker)
        web.append(first)
        session.append(again)
        term.append(measure([str(BIN), "--config", str(config)], marker)[0])
    return {
        "browser_s": statistics.median(web),
        "session_s": statistics.median(session),
        "terminal_s": statistics.median(term),
        "load": os.getloadavg()[0],
    }


def rappel_time(config: Path, rounds: int) -> dict:
    """Median wall time of ``rappel --dry-run`` (output thrown away), and the digests made."""
    times = []
    digests = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = subprocess.run(
            [str(BIN), "--config", str(config), "rappel", "--dry-run"],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - t0)
        digests = out.stdout.count(b"\nOnderwerp: ") + out.stdout.startswith(b"Onderwerp: ")
    return {"rappel_s": statistics.median(times), "digests": digests, "load": os.getloadavg()[0]}
