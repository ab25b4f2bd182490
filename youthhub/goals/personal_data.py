"""Goals' personal data: goals with their steps and the worker's comments, ratings, wins and
"get in touch" requests. All of it is the young person's alone, so erasure deletes it all."""

from sqlalchemy import delete, select, update

from youthhub.core.personal_data import MOVE, iso, move_rows
from youthhub.extensions import db
from youthhub.goals.models import ContactRequest, Goal, GoalComment, GoalStep, Rating, Win
from youthhub.goals.rating_links import relink


def _goal(goal: Goal) -> dict:
    return {
        "area": goal.area.name,
        "title": goal.title,
        "notes": goal.notes,
        "target_date": iso(goal.target_date),
        "status": goal.status.value,
        "created_at": iso(goal.created_at),
        "updated_at": iso(goal.updated_at),
        "achieved_at": iso(goal.achieved_at),
        "shared_with": goal.shared_with.preferred_name if goal.shared_with else None,
        "shared_at": iso(goal.shared_at),
        "steps": [{"text": step.text, "done_at": iso(step.done_at)} for step in goal.steps],
        "worker_comments": [
            {
                "by": comment.author.preferred_name,
                "text": comment.body,
                "at": iso(comment.created_at),
            }
            for comment in goal.comments
        ],
    }


class GoalsData:
    key = "goals"
    covers = {
        "goals.owner_id": "exported; deleted with its steps and comments",
        "goals.shared_with_id": "a worker's erasure unshares the goals shared with them",
        "ratings.owner_id": "exported; deleted",
        "wins.owner_id": "exported; deleted",
        "goal_comments.author_id": "kept on the goal (deleted with it); a worker's stay nameless",
        "contact_requests.young_person_id": "exported; deleted",
        "contact_requests.worker_id": "kept: the worker asked, nameless once erased",
    }

    @property
    def merges(self) -> dict:
        return {
            "goals.owner_id": MOVE,
            "goals.shared_with_id": MOVE,
            "ratings.owner_id": _merge_ratings,
            "wins.owner_id": MOVE,
            "goal_comments.author_id": MOVE,
            "contact_requests.young_person_id": MOVE,
            "contact_requests.worker_id": MOVE,
        }

    def export(self, person) -> dict:
        goals = db.session.scalars(
            select(Goal).where(Goal.owner_id == person.id).order_by(Goal.created_at, Goal.id)
        )
        ratings = db.session.scalars(
            select(Rating).where(Rating.owner_id == person.id).order_by(Rating.rated_at)
        )
        wins = db.session.scalars(
            select(Win).where(Win.owner_id == person.id).order_by(Win.created_at)
        )
        asks = db.session.scalars(
            select(ContactRequest)
            .where(ContactRequest.young_person_id == person.id)
            .order_by(ContactRequest.created_at)
        )
        areas = {}
        return {
            "goals": [_goal(goal) for goal in goals],
            "ratings": [
                {
                    "area": areas.setdefault(rating.area_id, _area_name(rating.area_id)),
                    "score": rating.score,
                    "note": rating.note,
                    "at": iso(rating.rated_at),
                }
                for rating in ratings
            ],
            "wins": [
                {
                    "kind": win.kind.value,
                    "text": win.label,
                    "area": win.area.name if win.area else None,
                    "from_score": win.from_score,
                    "to_score": win.to_score,
                    "at": iso(win.created_at),
                }
                for win in wins
            ],
            "get_in_touch_requests": [
                {"asked_at": iso(ask.created_at), "handled_at": iso(ask.handled_at)} for ask in asks
            ],
        }

    def erase(self, person) -> None:
        goal_ids = select(Goal.id).where(Goal.owner_id == person.id)
        db.session.execute(delete(Win).where(Win.owner_id == person.id))
        db.session.execute(
            delete(GoalComment)
            .where(GoalComment.goal_id.in_(goal_ids))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            delete(GoalStep)
            .where(GoalStep.goal_id.in_(goal_ids))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(delete(Goal).where(Goal.owner_id == person.id))
        db.session.execute(delete(Rating).where(Rating.owner_id == person.id))
        db.session.execute(
            delete(ContactRequest).where(ContactRequest.young_person_id == person.id)
        )
        db.session.execute(
            update(Goal).where(Goal.shared_with_id == person.id).values(shared_with_id=None)
        )
        db.session.expire_all()


def _area_name(area_id: int) -> str:
    from youthhub.goals.models import Area

    area = db.session.get(Area, area_id)
    return area.name if area else ""


def _merge_ratings(merged_id: int, kept_id: int) -> None:
    """Both records' ratings become one history: moved, then each linked to the rating before
    it in that history (a bulk move is not seen by the links' own bookkeeping)."""
    move_rows("ratings.owner_id", merged_id, kept_id)
    relink([kept_id])
