"""Python's full garbage collections held back while a long piece of work builds what it keeps.

Python sweeps its whole heap whenever a quarter more objects than it had have lived through two
younger collections. Laying out a PDF makes hundreds of thousands of objects (boxes, styles,
lines) that all live until the file is written, so WeasyPrint set off two or three whole sweeps
of the heap a board report, finding nothing to free each time: about a ninth of its CPU
(bench/monitoring.py). While `full_collections_held()` is open the young generations are still
collected as usual (a short-lived cycle is freed as soon as ever); the heap's next full sweep,
after it closes, frees what the work left.

The threshold is the process's: threads share it, so the first to open it raises it and the
last to close it puts it back.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: A threshold for the oldest generation that a single piece of work never reaches.
HELD = 1_000_000

_lock = threading.Lock()
_open = 0
_thresholds: tuple[int, ...] = ()


@contextmanager
def full_collections_held() -> Iterator[None]:
    global _open, _thresholds
    with _lock:
        if _open == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(_thresholds[0], _thresholds[1], HELD)
        _open += 1
    try:
        yield
    finally:
        with _lock:
            _open -= 1
            if _open == 0:
                gc.set_threshold(*_thresholds)
