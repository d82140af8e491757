"""Start the terminal UI headless on a workspace and stop after its first frame: for profilers.

    uv run --with pyinstrument pyinstrument bench/first_frame.py bench/.work/large/stadstafel.toml
    uv run python -X importtime bench/first_frame.py CONFIG 2> imports.txt

Does what ``stadstafel --config CONFIG`` does up to the home screen's first frame (garbage
collection off, as the CLI starts it), at 80×24, then exits.
"""

from __future__ import annotations

import gc
import sys


def main(config: str) -> None:
    gc.disable()
    from stadstafel import memory
    from stadstafel.start import Context, ReadAhead

    ctx = Context(config, None, False)
    host = ctx.host
    memory.one_heap()  # as stadstafel.start.run_tui: before the read-ahead thread starts
    ahead = ReadAhead(ctx.workspace)  # as stadstafel.start.run_tui: beside the imports below
    from stadstafel.tui.app import StadstafelApp
    from stadstafel.tui.css_cache import ParsedCss, cache_file

    host.themes()
    parsed_css = ParsedCss(cache_file()).install()
    ws = ahead.workspace()
    try:
        app = StadstafelApp(ws, host=host, read_ahead=ahead)
        app.parsed_css = parsed_css
        app.call_after_refresh(lambda: (parsed_css.save(), app.exit()))
        app.run(headless=True, size=(80, 24))
    finally:
        ws.close()


if __name__ == "__main__":
    main(sys.argv[1])
