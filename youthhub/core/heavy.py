"""Pages that build a large answer in memory (the monitoring page, the activity table's
months, the board's PDF) are made one at a time in each process (issue 19).

Measured with bench/load.py at a region's scale: a gunicorn worker that made four monitoring
pages at once on its four threads kept ~130 MB (PSS) afterwards, and ~90 MB making them one
at a time, for the same pages a second: the work is Python holding the GIL, so threads only
interleave it, each holding its rows (and its database connection's cache) meanwhile. Other
pages go on being answered by the other threads; a streamed CSV is written outside the lock
(its memory is flat: `core.csv.csv_stream`).
"""

import threading
from collections.abc import Callable
from functools import wraps

_one_at_a_time = threading.Lock()


def heavy(view: Callable) -> Callable:
    """Make this view's answer while no other heavy view in this process is making one."""

    @wraps(view)
    def one_at_a_time(*args, **kwargs):
        with _one_at_a_time:
            return view(*args, **kwargs)

    return one_at_a_time
