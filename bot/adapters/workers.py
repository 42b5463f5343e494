"""Import in two processes: a worker analyses each next batch while this process writes.

The storyline decision and the writes must see every earlier article, so they stay in order
here; an article's own analysis (news/storylines/analysis.py) needs nothing stored, so batch
k+1's is worked out in a child process while batch k is assigned and committed. A single batch (a
pasted link, a feed poll) is analysed in place: a worker takes longer to start than such a
batch takes to analyse.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TypeVar

from news.records import ArticleDraft
from news.storylines.analysis import Analysis, analyze_all, in_place
from news.storylines.assignment import ClusterConfig

log = logging.getLogger(__name__)

Batch = TypeVar("Batch")


def spare_cores() -> int:
    """Cores this process may run on besides the one it is using."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return usable - 1


def analyzed_ahead(
    batches: Iterable[Batch],
    drafts_of: Callable[[Batch], list[ArticleDraft]],
    config: ClusterConfig,
    dedupe: bool = True,
) -> Iterator[tuple[Batch, list[Analysis]]]:
    """Each batch with its drafts' analyses, in order (an `Analyzer`).

    With a spare core and more than one batch, a worker process analyses the next batch
    while the caller works on the current one. Should the worker fail (killed, out of
    memory), the remaining batches are analysed in place: the import goes on, only slower.
    """
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        return
    following = next(iterator, None)
    if following is None or spare_cores() < 1:
        started = (first,) if following is None else (first, following)
        yield from in_place(chain(started, iterator), drafts_of, config, dedupe)
        return
    with _Worker(config, dedupe) as worker:
        pending = worker.submit(drafts_of(following))
        # The first batch is analysed here while the worker starts.
        yield first, analyze_all(drafts_of(first), config, dedupe)
        current: Batch | None = following
        while current is not None:
            after = next(iterator, None)
            analyses = pending()
            if after is not None:
                pending = worker.submit(drafts_of(after))
            yield current, analyses
            current = after


class _Worker:
    """A child process that analyses the batches sent to it, one at a time, in order.

    A plain interpreter running `serve`, fed pickles on its stdin: multiprocessing's "spawn"
    would import the parent's main module again, which for `newsbrief` is all of it (118 MB
    against 40).
    """

    def __init__(self, config: ClusterConfig, dedupe: bool) -> None:
        self.config, self.dedupe = config, dedupe
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from bot.adapters.workers import serve; serve()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_worker_environment(),
            )
        except OSError as error:  # no process to spare: everything is analysed here
            self._fail(error)
        self._send((config, dedupe))

    def submit(self, drafts: list[ArticleDraft]) -> Callable[[], list[Analysis]]:
        """Start on a batch; the function returned gives its analyses."""
        if self._send(drafts):
            return partial(self._receive, drafts)
        return partial(analyze_all, drafts, self.config, self.dedupe)

    def _send(self, item: object) -> bool:
        if self.process is None:
            return False
        try:
            # Pickled whole before anything is written, so a failure leaves no partial frame.
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
            assert self.process.stdin is not None
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except Exception as error:  # whatever went wrong, the import goes on without it
            self._fail(error)
            return False
        return True

    def _receive(self, drafts: list[ArticleDraft]) -> list[Analysis]:
        try:
            assert self.process is not None and self.process.stdout is not None
            analyses: list[Analysis] = pickle.load(self.process.stdout)
        except Exception as error:  # a dead worker, a truncated pickle: analyse it here
            self._fail(error)
            return analyze_all(drafts, self.config, self.dedupe)
        return analyses

    def _fail(self, error: Exception) -> None:
        log.warning(
            "analysis worker failed (%s: %s); analysing in this process",
            type(error).__name__,
            error,
        )
        self.close()

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()  # end of input: `serve` returns
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> _Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _worker_environment() -> dict[str, str]:
    """This environment, with the folder this package was imported from first on the path:
    the worker runs the same code however this process found it."""
    here = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([here, path] if path else [here])}


def serve() -> None:
    """The worker's loop: a (config, dedupe) pickle, then batches of drafts until stdin ends."""
    # Ctrl-C reaches the whole process group: the importer handles it and closes our input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        config, dedupe = pickle.load(stdin)
        while True:
            drafts = pickle.load(stdin)
            pickle.dump(analyze_all(drafts, config, dedupe), stdout, pickle.HIGHEST_PROTOCOL)
            stdout.flush()
    except (EOFError, BrokenPipeError):
        return  # the importer is done (or gone)
