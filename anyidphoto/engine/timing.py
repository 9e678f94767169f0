"""Per-stage wall-clock timing, recorded only when a benchmark asks for it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

_RECORDER: ContextVar[dict[str, float] | None] = ContextVar("anyidphoto_timings", default=None)


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the enclosed block as stage ``name`` (milliseconds) if recording; else nothing."""
    record = _RECORDER.get()
    if record is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        record[name] = record.get(name, 0.0) + (time.perf_counter() - start) * 1000


@contextlib.contextmanager
def recording() -> Iterator[dict[str, float]]:
    """Collect stage timings (ms) of the engine calls made inside the block."""
    record: dict[str, float] = {}
    token = _RECORDER.set(record)
    try:
        yield record
    finally:
        _RECORDER.reset(token)
