"""A long piece of work holds Python's full garbage collections back (`core/garbage.py`): the
young generations are still collected, and the process's thresholds are back as they were once
the last piece of work that held them is done."""

import gc
import threading

from youthhub.core.garbage import HELD, full_collections_held


def _full_collections_while(work) -> int:
    started = []

    def note(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(note)
    try:
        work()
    finally:
        gc.callbacks.remove(note)
    return started.count(2), len(started)


def _keep_many_objects():
    kept = [[n] for n in range(400_000)]  # each lives until the end, as a PDF's boxes do
    return len(kept)


def test_no_full_collection_while_held_and_young_ones_go_on():
    before = gc.get_threshold()
    with full_collections_held():
        full, every = _full_collections_while(_keep_many_objects)
    assert full == 0 and every > 0
    assert gc.get_threshold() == before


def test_the_last_to_finish_puts_the_thresholds_back():
    before = gc.get_threshold()
    inner_started, inner_may_finish, finished = threading.Event(), threading.Event(), []

    def other_work():
        with full_collections_held():
            inner_started.set()
            inner_may_finish.wait(5)
        finished.append(gc.get_threshold())

    with full_collections_held():
        thread = threading.Thread(target=other_work)
        thread.start()
        inner_started.wait(5)
        inner_may_finish.set()
        thread.join(5)
        assert finished == [(before[0], before[1], HELD)]  # still held: this block is open
    assert gc.get_threshold() == before
