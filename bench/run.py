"""`make bench` / `make bench-full`: one `name=value` line per figure.

Every ratio compares against a baseline measured in the same run on the same machine:
raw sqlite-utils inserts, raw FTS5 queries, the configured send rate.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import report
from bench.briefing import bench_compose, bench_send
from bench.figures import PRINTED, note
from bench.ingest import bench_ingest
from bench.memory import bench_bot_memory
from bench.model import bench_model
from bench.search import bench_search
from storage.store import Store


@dataclass(frozen=True)
class Sizes:
    small: int  # the first articles: ingest rate and its first per-article cost
    large: int  # the archive's final size
    search_at: tuple[int, ...]  # sizes on the way where search is measured too
    chats: int  # briefings composed
    messages: int  # messages sent through the rate limiter
    due: int  # briefings the bot process owes on start
    pastes: int  # articles pasted into the bot process meanwhile
    feeds: int  # feeds of 50 full-text entries it polls meanwhile
    repeats: int  # timings of each ingest stretch, taken in turns, the fastest counting
    model_full: int  # full articles ingested with the embedding model on
    model_headlines: int  # headlines ingested with it


QUICK = Sizes(1000, 4000, (), 3000, 250, 100, 20, 5, 3, 100, 300)
# One timing at full size: copying a million-article archive would cost more than it tells.
FULL = Sizes(10_000, 1_000_000, (100_000,), 100_000, 1000, 500, 100, 20, 1, 500, 2000)


def run(folder: Path, sizes: Sizes) -> None:
    store = Store(folder / "bench.db")
    on_the_way = {size: lambda: bench_search(store, final=False) for size in sizes.search_at}
    bench_ingest(folder, store, sizes.small, sizes.large, on_the_way, sizes.repeats)
    bench_model(folder, sizes.model_full, sizes.model_headlines)
    bench_search(store)
    bench_compose(store, sizes.chats)
    store.close()
    bench_send(sizes.messages, 25)
    bench_bot_memory(folder / "bench.db", sizes.due, sizes.pastes, sizes.feeds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="1M articles, 100k chats")
    parser.add_argument("--quick", action="store_true", help="small sizes (the default)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the archive here; a later run reuses (or resumes) it and skips ingest figures",
    )
    parser.add_argument(
        "--doc", type=Path, help="write this run's figures into that file's block of its kind"
    )
    args = parser.parse_args()
    sizes = FULL if args.full else QUICK
    note(
        f"{'full' if args.full else 'quick'} run: ingest {sizes.small} -> {sizes.large} "
        f"articles, compose {sizes.chats} chats, send {sizes.messages}, bot process with "
        f"{sizes.due} briefings due, {sizes.pastes} pastes and {sizes.feeds} feeds"
    )
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run(args.workdir, sizes)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(Path(folder), sizes)
    if args.doc:
        report.write(args.doc, "full" if args.full else "quick", PRINTED)


if __name__ == "__main__":
    main()
