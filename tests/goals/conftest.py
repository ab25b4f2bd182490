import pytest

from tests.factories import make_worker, make_young_person
from tests.goals.factories import default_areas


@pytest.fixture(autouse=True)
def areas(app):
    """The eight seeded areas, by slug: every table is emptied after each test."""
    return default_areas()


@pytest.fixture
def worker():
    return make_worker(name="Sam")


@pytest.fixture
def young(worker):
    """A young person whose key worker is `worker`."""
    return make_young_person(name="Jordan", key_worker=worker)
