"""Running the index build and whole-corpus similarity on Dask (the only user of dask).

:func:`open_runner` gives the :class:`~treatycmp.search.index.Runner` that
maps the tasks of :func:`~treatycmp.search.index.update_index` and
:func:`~treatycmp.search.allpairs.similar_pairs`:

- ``"single"``: in this process, one task after another (no Dask needed);
- ``"local"``: a ``dask.distributed.LocalCluster`` of worker processes, one
  per core, started for the job and stopped after it;
- ``"tcp://HOST:PORT"`` (any scheduler address): an existing Dask cluster;
- ``"auto"`` (the default): ``"local"`` when Dask is installed, the job is
  large (``AUTO_LOCAL_BYTES`` of XML to read, ``AUTO_LOCAL_PROVISIONS``
  provisions to pair) and the machine has at least ``AUTO_LOCAL_CORES``
  cores; otherwise ``"single"``. Starting a cluster costs seconds, which a
  small corpus does not repay, and on two cores the workers and the process
  that writes the index compete for the same cores: measured slower
  (docs/scale.md).

Dask is imported only here and only when a cluster is asked for, so the
command line starts fast and works without it. Tasks read the corpus folder
(index build) or the index file (similarity) themselves: on a cluster of
several machines both must be on storage every worker can read, at the same
path (see docs/scale.md).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..errors import TreatycmpError

AUTO_LOCAL_BYTES = 16_000_000     # XML to read before "auto" starts a cluster (~20,000 provisions)
AUTO_LOCAL_PROVISIONS = 20_000    # provisions to pair before "auto" starts a cluster
AUTO_LOCAL_CORES = 4              # fewer cores: "auto" stays in this process
SCHEDULERS = ("auto", "single", "local")


class Runner:
    """Maps a function over tasks in this process, one after another."""

    workers = 1

    def map(self, func: Callable, tasks: Sequence[tuple]) -> Iterable:
        return (func(*task) for task in tasks)


class DaskRunner(Runner):
    """Maps tasks over a ``dask.distributed.Client``; results come back in task order.

    At most ``IN_FLIGHT_PER_WORKER`` tasks per worker are submitted ahead of
    the result being read, so results waiting for the caller never pile up
    on the workers: memory stays bounded however many tasks there are.
    """

    IN_FLIGHT_PER_WORKER = 2

    def __init__(self, client) -> None:
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, func: Callable, tasks: Sequence[tuple]):
        pending: collections.deque = collections.deque()
        window = self.IN_FLIGHT_PER_WORKER * self.workers
        for task in tasks:
            pending.append(self.client.submit(func, *task, pure=False))
            if len(pending) >= window:
                yield self._take(pending)
        while pending:
            yield self._take(pending)

    @staticmethod
    def _take(pending):
        future = pending.popleft()
        result = future.result()
        future.release()  # the worker may forget it
        return result


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def open_runner(scheduler: str = "auto", large: bool = False) -> Iterator[Runner]:
    """The runner for ``scheduler`` (see the module docstring); ``large``
    says whether the job is big enough for ``"auto"`` to start a cluster.

    Raise ``ValueError`` when Dask is asked for but not installed.
    """
    if scheduler == "auto":
        cores = os.cpu_count() or 1
        scheduler = ("local" if large and cores >= AUTO_LOCAL_CORES and dask_available()
                     else "single")
    if scheduler == "single":
        yield Runner()
        return
    if not dask_available():
        raise ValueError(f"--scheduler {scheduler} needs Dask: "
                         "pip install 'treatycmp[dask]'")
    from distributed import Client, LocalCluster

    if scheduler == "local":
        with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                          processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield DaskRunner(client)
    else:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise TreatycmpError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield DaskRunner(client)
