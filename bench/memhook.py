"""Run the terminal UI with a memory probe inside: ``python bench/memhook.py --config …``.

On SIGUSR1 the process appends one JSON line to the file named by ``STADSTAFEL_MEMPROBE``:
its resident memory (``/proc/self/status``), the interpreter's object arenas and the bytes in
their live and free blocks (``sys._debugmallocstats``), each glibc heap's mapped and free
size (``malloc_info``; heap 0 is the main one, the others threads'), SQLite's memory over
every connection and its high water, and the live DOM nodes not frozen at start, by class;
with ``STADSTAFEL_MEMPROBE_POOLS`` set, what lies in pools taken after the first reading
(what keeps later arenas), with ``STADSTAFEL_MEMPROBE_GARBAGE`` the cyclic garbage the
collector freed since the last reading, by type.
What the numbers mean and how ``bench/memprobe.py`` uses them: docs/benchmarks.md, "Sixth
round (2026-12-06): memory". The probe costs the process 0.4-0.5 MiB (ctypes, the reading).
"""

from __future__ import annotations

import collections
import gc
import json
import os
import re
import signal
import sys

OUT = os.environ.get("STADSTAFEL_MEMPROBE", "memprobe.jsonl")
ARENA_LINES = {
    "# arenas allocated current": "arenas",
    "# bytes in allocated blocks": "arena_live_bytes",
    "# bytes in available blocks": "arena_free_bytes",
}


def _status() -> dict:
    out = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile"):
                out[name] = int(value.split()[0]) / 1024
    return out


def _arenas() -> dict:
    """``sys._debugmallocstats`` writes to the C stderr: read it through a pipe."""
    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    out = {}
    for line in b"".join(chunks).decode().splitlines():
        name, _, value = line.partition("=")
        if name.strip() in ARENA_LINES:
            out[ARENA_LINES[name.strip()]] = int(value.strip().replace(",", ""))
    return out


def _c_heaps() -> dict:
    import ctypes

    libc = ctypes.CDLL(None)
    buf, size = ctypes.c_char_p(), ctypes.c_size_t()
    libc.open_memstream.restype = ctypes.c_void_p
    stream = ctypes.c_void_p(libc.open_memstream(ctypes.byref(buf), ctypes.byref(size)))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    xml = ctypes.string_at(buf, size.value).decode()
    libc.free(buf)
    heaps = {}
    for match in re.finditer(r'<heap nr="(\d+)">(.*?)</heap>', xml, re.S):
        body = match.group(2)
        mapped = re.search(r'<system type="current" size="(\d+)"/>', body)
        free = sum(
            int(n)
            for n in re.findall(r'<total type="(?:fast|rest)" count="\d+" size="(\d+)"/>', body)
        )
        heaps[match.group(1)] = {
            "mapped_kib": int(mapped.group(1)) // 1024,
            "free_kib": free // 1024,
        }
    out: dict = {"heaps": heaps}
    try:
        sqlite = ctypes.CDLL("libsqlite3.so.0")  # the library the sqlite3 module links
        sqlite.sqlite3_memory_used.restype = ctypes.c_int64
        sqlite.sqlite3_memory_highwater.restype = ctypes.c_int64
        out["sqlite_kib"] = sqlite.sqlite3_memory_used() // 1024
        out["sqlite_highwater_kib"] = sqlite.sqlite3_memory_highwater(0) // 1024
    except (OSError, AttributeError):
        pass
    return out


def _nodes() -> dict:
    from textual.dom import DOMNode

    counts = collections.Counter(
        type(o).__name__ for o in gc.get_objects() if isinstance(o, DOMNode)
    )
    return dict(counts.most_common())


_POOLS: set[int] = set()  # the 16 KiB pools that held collector-tracked objects at the first probe


def _new_pools() -> dict:
    """With ``STADSTAFEL_MEMPROBE_POOLS`` set: the objects the collector tracks that lie in
    pools no such object used at the first probe, by type (what pins arenas taken later)."""
    if not os.environ.get("STADSTAFEL_MEMPROBE_POOLS"):
        return {}
    objects = gc.get_objects()
    if not _POOLS:
        _POOLS.update(id(o) >> 14 for o in objects)
        return {}
    counts: collections.Counter = collections.Counter()
    pools: set[int] = set()
    for o in objects:
        pool = id(o) >> 14
        if pool not in _POOLS:
            pools.add(pool)
            counts[type(o).__qualname__] += 1
    return {"new_pools": len(pools), "in_new_pools": dict(counts.most_common(25))}


_SEEN = [0]  # how much of gc.garbage the last probe counted


def _garbage() -> dict:
    """With ``STADSTAFEL_MEMPROBE_GARBAGE`` set (``gc.DEBUG_SAVEALL`` from the first probe on:
    what the collector frees is kept in ``gc.garbage``, so the process grows; a reading for
    what, not how much): the cyclic garbage collected since the last probe, by type."""
    if not os.environ.get("STADSTAFEL_MEMPROBE_GARBAGE"):
        return {}
    new = gc.garbage[_SEEN[0] :]
    _SEEN[0] = len(gc.garbage)
    gc.set_debug(gc.DEBUG_SAVEALL)
    counts = collections.Counter(type(o).__qualname__ for o in new)
    size = sum(sys.getsizeof(o) for o in new)
    return {"garbage_bytes": size, "garbage": dict(counts.most_common(30))}


def _lru_caches() -> dict:
    """Every ``functools.lru_cache`` of a module or a class that holds entries, as
    "size/cap" and its estimated deep size, the fullest first (caches that fill with use keep
    what they hold until they are full). Found through the modules: what start-up built is
    frozen (``gc.freeze``), out of ``gc.get_objects``' sight."""
    import functools

    seen: set[int] = set()
    caches = []

    def look(value: object, name: str) -> None:
        value = getattr(value, "__func__", value)  # classmethod, staticmethod
        if isinstance(value, functools._lru_cache_wrapper) and id(value) not in seen:
            seen.add(id(value))
            info = value.cache_info()
            if info.currsize:
                caches.append((info.currsize, f"{name} {info.currsize}/{info.maxsize}"))

    for module in list(sys.modules.values()):
        for attr, value in list(getattr(module, "__dict__", {}).items()):
            look(value, f"{module.__name__}.{attr}")
            if isinstance(value, type) and value.__module__ == module.__name__:
                for cattr, cvalue in list(vars(value).items()):
                    look(cvalue, f"{module.__name__}.{attr}.{cattr}")
    return {"lru_caches": [text for _, text in sorted(caches, reverse=True)[:15]]}


_SNAPSHOT: list = []  # the first probe's tracemalloc snapshot


def _traced() -> dict:
    """With ``PYTHONTRACEMALLOC`` set: the Python allocations grown since the first probe, by
    line of the code that made them (the largest 25, in KB), and their total."""
    import tracemalloc

    if not tracemalloc.is_tracing():
        return {}
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__)]
    )
    if not _SNAPSHOT:
        _SNAPSHOT.append(snapshot)
        return {}
    diff = snapshot.compare_to(_SNAPSHOT[0], "lineno")
    top = sorted(diff, key=lambda d: -d.size_diff)[:25]
    return {
        "traced_growth_kb": sum(d.size_diff for d in diff) // 1000,
        "traced_top": [
            f"{d.size_diff // 1000:+d} KB {d.count_diff:+d} "
            f"{d.traceback[0].filename.rsplit('site-packages/', 1)[-1]}:{d.traceback[0].lineno}"
            for d in top
        ],
    }


def probe(_signum: int = 0, _frame: object = None) -> None:
    record = {"mark": os.environ.get("STADSTAFEL_MEMPROBE_MARK", "")}
    try:
        with open(OUT + ".mark", encoding="utf-8") as mark:
            record["mark"] = mark.read().strip()
    except OSError:
        pass
    record |= _status() | _arenas() | _c_heaps()
    record["dom_nodes"] = _nodes()
    record |= _new_pools() | _garbage() | _traced() | _lru_caches()
    with open(OUT, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, probe)
    from stadstafel.start import main

    sys.argv[0] = "stadstafel"
    sys.exit(main())
