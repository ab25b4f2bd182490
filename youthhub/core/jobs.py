"""Slow work (emails, pushes to phones, reminders, retention) on a job queue, after the commit.

With REDIS_URL set, a job goes on RQ's queue in Redis and a worker process runs it
(`flask --app youthhub jobs work`): app servers answer without waiting for an SMTP server or a
push service, and keep nothing that a restart, or the next request landing on another machine,
would miss. Without REDIS_URL (`make run`, the tests) the same job runs in the app itself, right
after the commit, as it always has.

- `@job` names a function a worker may run. The queue holds that name and JSON arguments, never
  pickled code, so whoever can write to Redis can only ask for the jobs listed here.
- `enqueue(task, *args)`: start it once this transaction has committed (dropped if it rolls back).
- `start(task, *args)`: start it now, from code that already runs after a commit.
- `queue_from_command(task)`: a command's `--queue` (reminders, retention): a worker does the run.

Arguments are ids and strings, never model objects: by the time a worker runs, the row may have
changed. A job runs in a transaction of its own, committed at its end, with links built from
PUBLIC_BASE_URL (as the commands do).
"""

from collections.abc import Callable
from datetime import timedelta

import click
from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, Worker
from rq.serializers import JSONSerializer

from youthhub.core.transaction import after_commit, forget_after_commit, run_after_commit
from youthhub.extensions import db

QUEUE_NAME = "youthhub"
#: Jobs that failed for good stay this long in Redis for `rq info` to show (their arguments
#: hold personal data, so not for ever); a finished job's result is not kept at all.
FAILED_KEPT = int(timedelta(days=7).total_seconds())
#: Waits between the tries of a job that may retry (an SMTP server that is briefly down).
RETRY_WAITS = [30, 300, 1800]
REDIS_KEY = "youthhub_redis"

_jobs: dict[str, Callable] = {}
_worker_app: Flask | None = None


def job(task: Callable | None = None, *, retries: int = 0, timeout: int = 300):
    """Name `task` as a job. `retries`: tries after a failure (RETRY_WAITS apart); `timeout`:
    seconds before the worker stops it."""

    def register(task: Callable) -> Callable:
        task.job_name = f"{task.__module__}:{task.__qualname__}"
        task.job_retries, task.job_timeout = retries, timeout
        _jobs[task.job_name] = task
        return task

    return register(task) if task is not None else register


def uses_queue() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


def enqueue(task: Callable, *args, **kwargs) -> None:
    """Start `task(*args, **kwargs)` once this transaction has committed."""
    _check(task)
    after_commit(lambda: start(task, *args, **kwargs))


def start(task: Callable, *args, **kwargs) -> None:
    """Start `task` now: on the queue with REDIS_URL, else here (the caller commits its writes).
    An unreachable Redis must not lose work nor turn a done change into an error page: the job
    then runs here, and is logged if that fails too."""
    _check(task)
    if not uses_queue():
        task(*args, **kwargs)
        return
    try:
        _put_on_queue(task, args, kwargs)
    except RedisError:
        # The app's own logger (alembic's logging set-up switches off module loggers).
        logger = current_app.logger
        logger.exception("The job queue can't be reached: %s runs here instead", task.job_name)
        try:
            task(*args, **kwargs)
        except Exception:
            logger.exception("The job %s failed", task.job_name)


def queue_from_command(task: Callable, *args, **kwargs) -> None:
    """A command's `--queue`: leave its run to a worker (a scheduler's entry then only queues)."""
    _check(task)
    if not uses_queue():
        raise click.UsageError("--queue needs REDIS_URL; without it, leave it off to run here.")
    _put_on_queue(task, args, kwargs)


def queue() -> Queue:
    return Queue(QUEUE_NAME, connection=_redis(), serializer=JSONSerializer)


def _redis() -> Redis:
    """One client (and its pool of connections) per app and address."""
    url = current_app.config["REDIS_URL"]
    known = current_app.extensions.get(REDIS_KEY)
    if known is None or known[0] != url:
        known = current_app.extensions[REDIS_KEY] = (url, Redis.from_url(url))
    return known[1]


def _check(task: Callable) -> None:
    if _jobs.get(getattr(task, "job_name", None)) is not task:
        raise TypeError(f"{task!r} is not a job: mark it @job")


def _put_on_queue(task: Callable, args: tuple, kwargs: dict) -> None:
    retry = Retry(max=task.job_retries, interval=RETRY_WAITS) if task.job_retries else None
    queue().enqueue_call(
        run,
        args=[task.job_name, list(args), kwargs],
        timeout=task.job_timeout,
        retry=retry,
        result_ttl=0,
        failure_ttl=FAILED_KEPT,
        # RQ logs the description: the job's name only, never its arguments (an email's body
        # can hold a password-reset link).
        description=task.job_name,
    )


def run(name: str, args: list, kwargs: dict) -> None:
    """What a worker runs for each job: the named task, in a transaction of its own. A task
    that fails rolls back and fails the job (RQ keeps it, and retries it if the task may)."""
    app = _worker_app or current_app._get_current_object()
    task = _jobs[name]
    base_url = app.config["PUBLIC_BASE_URL"] or "http://localhost"
    with app.test_request_context(base_url=base_url):
        try:
            task(*args, **kwargs)
            db.session.commit()
            run_after_commit()
        except Exception:
            db.session.rollback()
            forget_after_commit()
            raise
        finally:
            db.session.remove()


@click.group("jobs")
def jobs_command():
    """The job queue in Redis (REDIS_URL)."""


@jobs_command.command("work")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def work_command(burst):
    """Run jobs from the queue until stopped (run one or more on any machine with the app)."""
    global _worker_app
    if not uses_queue():
        raise click.ClickException(
            "REDIS_URL is not set: without it, jobs run in the app itself and need no worker."
        )
    _worker_app = current_app._get_current_object()
    # Each job runs in a fork of this process (RQ's own isolation: a job that leaks or crashes
    # takes only its fork). The fork must not share a database connection with this one.
    db.engine.dispose()
    worker = Worker([queue()], connection=_redis(), serializer=JSONSerializer)
    # The scheduler puts retried jobs back on the queue when their wait is over.
    worker.work(burst=burst, with_scheduler=True)
