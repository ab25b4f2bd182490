"""Where each rating stands in its young person's history (`Rating.previous_at`, `change`,
`previous_any_at`), so monitoring's distance travelled adds up the moves within a period
instead of finding every young person's first and latest rating in it. Kept as ratings are
saved (`core.history_links`); ratings moved in bulk by a merge are relinked by asking."""

from sqlalchemy import func

from youthhub.core.history_links import History
from youthhub.goals.models import Rating


def _links() -> dict:
    """From the person's ratings in the order they were made (ratings of the same moment in
    the order they were saved)."""
    in_time = (Rating.rated_at, Rating.id)
    in_area = {"partition_by": (Rating.owner_id, Rating.area_id), "order_by": in_time}
    in_any = {"partition_by": Rating.owner_id, "order_by": in_time}
    return {
        "previous_at": func.lag(Rating.rated_at).over(**in_area),
        "change": Rating.score - func.lag(Rating.score).over(**in_area),
        "previous_any_at": func.lag(Rating.rated_at).over(**in_any),
    }


RATINGS = History(
    name="ratings_to_relink",
    model=Rating,
    owner="owner_id",
    watched=("owner_id", "area_id", "score", "rated_at"),
    links=_links,
).keep()
relink, relink_everyone = RATINGS.relink, RATINGS.relink_everyone
