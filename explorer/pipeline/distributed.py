"""Scale-out NLP on a Dask cluster: ``libya-explore ingest --scheduler ADDRESS``.

The client (the ``ingest`` process) reads and hashes the documents as usual, ships batches of
texts to the workers (no shared filesystem needed), and stores what comes back; it alone writes
SQLite and runs actor resolution. Each worker loads the spaCy pipeline once per process and
returns compact results: sentence and entity offsets, not spaCy documents.

Guarantees kept from local ingest:

- the same pipeline: the model name and the gazetteer's EntityRuler patterns are resolved on the
  client with the helpers local ingest uses, and shipped to every worker (a worker plugin, so
  workers that join or restart later get them too);
- a bounded number of batches in flight (about two per worker thread): the client submits a new
  batch as each result returns, so its memory does not grow with the corpus;
- a worker that dies mid-batch costs a retry, not the run: the tasks are pure, the scheduler
  reschedules the tasks of lost workers, and exceptions are retried a few times;
- documents still commit one by one on the client, so an interrupted run resumes.

Dask is an optional extra: this module imports without it, and :func:`require_dask` turns its
absence into a one-line error that says how to install it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import logging
import signal
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from explorer.errors import UserError
from explorer.parsed import Packed, ParsedText, pack, unpack
from explorer.pipeline.parsing import IngestOptions, Parser, gazetteer_patterns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

try:  # workers always have Dask; the client may not, and then require_dask() says so.
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - exercised through require_dask()
    _WorkerPluginBase = object  # type: ignore[assignment,misc]

INSTALL_HINT = "pip install -e '.[dask]'"
LOCAL_PREFIX = "local:"
#: Each batch is retried this many times when its task raises (a lost worker is handled by the
#: scheduler's own ``allowed-failures`` budget, 3 by default).
TASK_RETRIES = 3
#: Batches in flight per worker thread: one running, one queued so no worker waits for the client.
IN_FLIGHT_PER_THREAD = 2
#: How often the in-flight cap follows the cluster's size (adaptive clusters grow and shrink).
RESIZE_EVERY_SECONDS = 5.0
CONNECT_TIMEOUT = "10s"


class DaskUnavailable(UserError):
    """``--scheduler`` was given but Dask (``distributed``) is not installed."""


class ClusterProblem(UserError):
    """The scheduler cannot be reached, or the cluster keeps failing a batch."""


# --------------------------------------------------------------------------- options


def require_dask() -> None:
    """Raise :class:`DaskUnavailable` with the install command when Dask is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskUnavailable(
            f"--scheduler needs Dask, which is not installed; install it with: {INSTALL_HINT}"
        ) from None


def local_processes(address: str) -> int | None:
    """``N`` for ``local:N``, None for a scheduler address; a malformed ``local:`` is an error."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    count = address[len(LOCAL_PREFIX) :]
    if not count.isdigit() or int(count) < 1:
        raise UserError(
            f"--scheduler {address!r}: expected local:N with N >= 1 processes, "
            "or a scheduler address such as tcp://host:8786"
        )
    return int(count)


def check_scheduler_option(address: str) -> None:
    """Validate ``--scheduler`` before any work starts (syntax, and that Dask is installed)."""
    if not address.strip():
        raise UserError("--scheduler: empty address; give tcp://host:8786 or local:N")
    local_processes(address)
    require_dask()


# --------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class PipelineSpec:
    """Everything a worker needs to build the same pipeline as local ingest."""

    model: str
    patterns: tuple[dict[str, Any], ...]

    @functools.cached_property
    def digest(self) -> str:
        payload = json.dumps([self.model, list(self.patterns)], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


#: Specs registered on this worker process, by digest (filled by :class:`PipelinePlugin`).
_SPECS: dict[str, PipelineSpec] = {}
_PIPELINE_LOCK = threading.Lock()


class PipelinePlugin(_WorkerPluginBase):
    """Gives every worker, present or future, the pipeline spec of this ingest.

    The pipeline itself loads lazily on the worker's first batch (setup stays instant, and a
    missing model surfaces as that batch's error, which the client reports).
    """

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec

    @property
    def name(self) -> str:  # one plugin per spec: runs with other settings can share a cluster
        return f"libya-explore-pipeline-{self.spec.digest}"

    def setup(self, worker: Any) -> None:
        _SPECS[self.spec.digest] = self.spec


@functools.lru_cache(maxsize=2)
def _worker_pipeline(digest: str) -> Language:
    """Load the pipeline once per worker process (about a second; then every batch reuses it)."""
    from explorer.nlp import load_pipeline

    spec = _SPECS.get(digest)
    if spec is None:
        raise ClusterProblem(
            "a Dask worker has no pipeline settings for this ingest (plugin not installed)"
        )
    # The cluster is the user's: its workers keep their own allocator settings (Dask tunes
    # memory trimming itself), unlike this package's own parsing processes.
    return load_pipeline(spec.model, list(spec.patterns), tune_memory=False)


def parse_batch(digest: str, texts: list[str], labels: tuple[str, ...]) -> list[Packed]:
    """The task run on workers: parse ``texts`` in order and return them packed
    (:func:`explorer.parsed.pack`: cheap to pickle).

    Pure (same input, same output, no side effects), so the scheduler may run it again on
    another worker when the first one dies.
    """
    from explorer.nlp import parse_texts

    with _PIPELINE_LOCK:  # spaCy pipelines are not meant to be shared between threads
        nlp = _worker_pipeline(digest)
        parsed = parse_texts(nlp, texts, labels, batch_size=max(1, len(texts)))
        return [pack(item) for item in parsed]


# --------------------------------------------------------------------------- client side


def make_dask_parser(options: IngestOptions) -> Parser:
    """The ingest :data:`~explorer.pipeline.parsing.Parser` that runs NLP on the cluster at
    ``options.scheduler``."""
    address = options.scheduler or ""
    check_scheduler_option(address)
    from explorer.nlp import default_model

    # Resolved here, with local ingest's own helpers, so every worker runs the same pipeline.
    spec = PipelineSpec(
        model=options.model or default_model(),
        patterns=tuple(gazetteer_patterns(options.actors_files)),
    )

    def parse(items: Iterator[tuple[str, int]]) -> Iterator[tuple[ParsedText, int]]:
        with _connect(address) as client:
            client.register_plugin(PipelinePlugin(spec))
            yield from stream_batches(
                client, spec.digest, items, options.labels, options.batch_size
            )

    return parse


class _Connection:
    """A Client on ``address``, or on a LocalCluster it starts for ``local:N``; closes both."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        from distributed import Client, LocalCluster

        processes = local_processes(self.address)
        try:
            if processes is not None:
                # Quiet: the HTTP port moving off 8787 is not news, nor are the workers' log
                # lines about shutdown races; task errors reach the client anyway.
                with warnings.catch_warnings(), _children_ignore_sigint():
                    warnings.filterwarnings("ignore", "Port .* is already in use")
                    self.cluster = LocalCluster(
                        n_workers=processes,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,
                    )
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.__exit__()
            raise ClusterProblem(
                f"cannot reach the Dask scheduler at {self.address}: {_one_line(exc)}"
            ) from None
        return self.client

    def __exit__(self, *exc: object) -> None:
        # Closing races the workers' last heartbeats; what distributed logs then is noise.
        quiet = (
            _quiet_logger("distributed") if self.cluster is not None else contextlib.nullcontext()
        )
        with quiet:
            if self.client is not None:
                self.client.close()
            if self.cluster is not None:
                self.cluster.close()


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Worker processes started meanwhile ignore Ctrl-C (it reaches the whole process group).

    The client handles Ctrl-C: it stops, keeps what it stored and closes the cluster, which
    shuts the workers down cleanly; otherwise each worker would print a KeyboardInterrupt
    traceback. An ignored signal stays ignored across fork and exec.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _quiet_logger(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _connect(address: str) -> _Connection:
    return _Connection(address)


def stream_batches(
    client: Any,
    digest: str,
    items: Iterator[tuple[str, int]],
    labels: tuple[str, ...],
    batch_size: int,
) -> Iterator[tuple[ParsedText, int]]:
    """Submit batches of ``items`` to the cluster and yield ``(parsed, ticket)`` as they finish.

    At most about two batches per worker thread are in flight: a new one is submitted for each
    that returns, so the client holds a bounded number of texts whatever the corpus size.
    """
    from distributed import as_completed

    run = uuid.uuid4().hex[:12]
    batches = _batched(items, batch_size)
    tickets_of: dict[str, list[int]] = {}
    done = as_completed(loop=client.loop)  # not the default client's loop: ours
    counter = itertools.count()
    cap, checked = _in_flight_cap(client), time.monotonic()

    def submit_next() -> bool:
        batch = next(batches, None)
        if batch is None:
            return False
        texts, tickets = batch
        key = f"libya-explore-parse-{run}-{next(counter)}"
        future = client.submit(
            parse_batch, digest, texts, labels, key=key, pure=False, retries=TASK_RETRIES
        )
        tickets_of[future.key] = tickets
        done.add(future)
        return True

    while len(tickets_of) < cap and submit_next():
        pass
    for future in done:
        results = _result(future)
        tickets = tickets_of.pop(future.key)
        future.release()
        for packed, ticket in zip(results, tickets, strict=True):
            yield unpack(packed), ticket
        if time.monotonic() - checked > RESIZE_EVERY_SECONDS:
            cap, checked = _in_flight_cap(client), time.monotonic()
        while len(tickets_of) < cap and submit_next():
            pass


def _batched(items: Iterator[tuple[str, int]], size: int) -> Iterator[tuple[list[str], list[int]]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield [text for text, _ in chunk], [ticket for _, ticket in chunk]


def _in_flight_cap(client: Any) -> int:
    threads = sum(client.nthreads().values())
    return max(2, IN_FLIGHT_PER_THREAD * threads)


def _result(future: Any) -> list[Packed]:
    """The batch's result; a batch that keeps killing workers or failing ends the run clearly."""
    from distributed import KilledWorker

    try:
        return future.result()
    except UserError:
        raise
    except KilledWorker as exc:
        raise ClusterProblem(
            "a batch of texts was lost with several Dask workers in a row "
            f"(out of memory? see the worker logs): {_one_line(exc)}"
        ) from None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
