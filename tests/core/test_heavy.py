"""Heavy pages are made one at a time in a process (`core.heavy`): their memory is one page's."""

import threading
import time

from youthhub.core.heavy import heavy


def test_two_heavy_pages_asked_at_once_are_made_one_after_the_other():
    making, most = [], []

    def page(name):
        making.append(name)
        most.append(len(making))
        time.sleep(0.02)  # long enough for the other thread to arrive meanwhile
        making.remove(name)
        return name

    guarded = heavy(page)
    answers = []
    threads = [threading.Thread(target=lambda n=n: answers.append(guarded(n))) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["a", "b"]
    assert max(most) == 1
    assert guarded.__name__ == "page"  # the route and its access rule still name the view
