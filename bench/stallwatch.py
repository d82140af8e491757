"""Run the ``stadstafel`` command with a sampler of its main thread: what it was doing when a
key waited (diagnosis only; ``first_openings.py --watch``).

Every SAMPLE seconds a thread records the main thread's innermost frames that are not the
event loop's idle ``select``; at exit the samples go to the file in STALLWATCH as lines of
``perf_counter<TAB>frames`` (the same clock as the driver's, CLOCK_MONOTONIC)."""

from __future__ import annotations

import os
import sys
import threading
import time

SAMPLE = 0.002


def _frames(frame, depth: int = 60) -> str:
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        out.append(f"{os.path.basename(code.co_filename)}:{code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(out)


def main() -> None:
    path = os.environ["STALLWATCH"]
    main_id = threading.main_thread().ident
    out = open(path, "w", buffering=1)  # noqa: SIM115 (line by line: the app may end by os._exit)
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(SAMPLE):
            frame = sys._current_frames().get(main_id)
            if frame is None:
                continue
            if frame.f_code.co_name == "select" and "selectors" in frame.f_code.co_filename:
                continue  # idle in the event loop
            out.write(f"{time.perf_counter():.6f}\t{_frames(frame)}\n")

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        from stadstafel.start import main as run

        sys.argv = ["stadstafel", *sys.argv[1:]]
        run()
    finally:
        stop.set()


if __name__ == "__main__":
    main()
