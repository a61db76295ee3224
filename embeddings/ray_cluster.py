"""How the embedding job joins Ray: local mode on this machine or an existing cluster, and how big its encoder
pool may be (the rules found while running Ray here are in docs/operations.md)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def ray_session(address: str | None, *, num_cpus: int | None = None) -> Iterator[None]:
    """Ray in local mode (``address`` None) or attached to a cluster; shut down on exit."""
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # "local" starts a private Ray on this machine: a stale /tmp/ray/ray_current_cluster never makes us attach
    kwargs: dict[str, Any] = {"address": address or "local", "include_dashboard": False, "log_to_driver": False,
                              "logging_level": logging.WARNING}  # fmt: skip
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    if address is None and num_cpus is not None:
        kwargs["num_cpus"] = num_cpus
    # Workers import this very code: put its folder first on their path (a checkout or a worktree would otherwise
    # lose to an installed copy). On a cluster the nodes need archive-chat installed, or this path mounted.
    root = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    env = {"RAY_USAGE_STATS_ENABLED": "0", "HF_HUB_OFFLINE": "1", "PYTHONPATH": path}
    kwargs["runtime_env"] = {"env_vars": env}
    ray.init(**kwargs)
    try:
        yield
    finally:
        ray.shutdown()


def pool_sizes(cpus: float) -> tuple[float, int]:
    """(CPUs per encoder actor, encoder actors) for a cluster of ``cpus``: never every CPU, or reads starve.

    >>> pool_sizes(2), pool_sizes(16)
    ((1.0, 1), (1.0, 14))
    """
    return 1.0, max(1, int(cpus) - 2 if cpus > 4 else int(cpus) - 1)
