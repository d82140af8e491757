"""CLI listings, the whole command from outside: ``actions list --all`` in each format and
``meetings list``, run by the installed ``stadstafel`` as a script would run it (output to
/dev/null). Per command: the median wall time of the rounds and the highest peak RSS of
one run (``ru_maxrss`` from ``wait4``, see LAUNCHER), with the load when it ended."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

COMMANDS = [
    ("actions list --all, table", ["actions", "list", "--all"]),
    ("actions list --all, csv", ["actions", "list", "--all", "--format", "csv"]),
    ("actions list --all, json", ["actions", "list", "--all", "--format", "json"]),
    ("meetings list, table", ["meetings", "list"]),
]
BUDGET_S = "< 0.50"  # issue 23: actions list --all at the large size under 0.5 s
BUDGET_MIB = "< 64"


# Runs the command and prints its wall time, peak RSS (KiB) and exit status. A small launcher
# of its own: Linux counts the memory of the process a child was forked (or vforked) from in
# the child's peak RSS, so the command started straight from this script would report this
# script's size when that is larger; the launcher is smaller than any stadstafel command.
LAUNCHER = (
    "import os, sys, time\n"
    "out = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]\n"
    "start = time.perf_counter()\n"
    "pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=out)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "cpu = usage.ru_utime + usage.ru_stime\n"
    "print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status), cpu)\n"
)


def run_once(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MiB, CPU seconds) of one run of ``command`` (its output to
    /dev/null)."""
    result = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *command], capture_output=True, text=True
    )
    wall, rss_kib, status, cpu = result.stdout.split()
    if result.returncode or int(status):
        raise RuntimeError(f"{' '.join(command)}: exit {status}: {result.stderr.strip()}")
    return float(wall), int(rss_kib) / 1024, float(cpu)


def measure(config: Path, binary: Path, rounds: int) -> list[dict]:
    """Each command ``rounds`` times, the commands alternated round by round (one warm-up
    round first, not counted: the file cache holds the database as on a server in use)."""
    runs: dict[str, list[tuple[float, float, float]]] = {label: [] for label, _ in COMMANDS}
    for n in range(rounds + 1):
        for label, args in COMMANDS:
            result = run_once([str(binary), "--config", str(config), *args])
            if n:
                runs[label].append(result)
    load = os.getloadavg()[0]
    return [
        {
            "label": label,
            "wall_s": statistics.median(w for w, _, _ in runs[label]),
            "rss_mib": max(r for _, r, _ in runs[label]),
            "cpu_s": statistics.median(c for _, _, c in runs[label]),
            "rounds": rounds,
            "load": load,
        }
        for label, _ in COMMANDS
    ]


def rows(results: list[dict], size: str) -> list[tuple[str, str, str, str, str, str]]:
    """Rows of bench.py's table, the load as the sixth cell."""
    out = []
    for r in results:
        load = f"{r['load']:.2f}"
        label = f"cli {r['label']}, {size}"
        out.append((f"{label} (s)", f"{r['wall_s']:.2f}", "", "", BUDGET_S, load))
        # user + system time: what the command itself took, less inflated by a busy machine
        out.append((f"{label}, CPU (s)", f"{r['cpu_s']:.2f}", "", "", "", load))
        out.append((f"{label}, peak RSS (MiB)", f"{r['rss_mib']:.0f}", "", "", BUDGET_MIB, load))
    return out
