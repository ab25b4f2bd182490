"""What goals add to a young person's journey. Goals are private, so nothing is shown unless
the young person chooses it: the numbers of goals worked on and achieved are highlights they
may pick for their certificate, and only the goals they tick go into their keepsake's
timeline (when they started each one, its small wins, and when they achieved it)."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from youthhub.core.journey import Highlight, HighlightKind, TimelineEntry
from youthhub.extensions import db
from youthhub.goals.models import Goal, GoalStatus, Win, WinKind

WORKED_ON = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.ACHIEVED)


def goals_to_choose_from(person) -> list[Goal]:
    """The young person's goals they may put in their keepsake, achieved ones first."""
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.owner_id == person.id, Goal.status.in_(WORKED_ON))
            .order_by((Goal.status == GoalStatus.ACHIEVED).desc(), Goal.created_at, Goal.id)
        )
    )


class GoalsJourney:
    kinds = (
        HighlightKind(
            "goals_worked_on",
            lambda n: ngettext("Worked on %(num)d goal", "Worked on %(num)d goals", n),
        ),
        HighlightKind(
            "goals_achieved",
            lambda n: ngettext("Achieved %(num)d goal", "Achieved %(num)d goals", n),
        ),
    )

    def highlights(self, person, ending) -> list[Highlight]:
        worked_on, achieved = db.session.execute(
            select(
                func.count(Goal.id),
                func.count(Goal.id).filter(Goal.status == GoalStatus.ACHIEVED),
            ).where(Goal.owner_id == person.id, Goal.status.in_(WORKED_ON))
        ).one()
        return [
            Highlight("goals_worked_on", worked_on or 0),
            Highlight("goals_achieved", achieved or 0),
        ]

    def timeline(self, person, ending) -> list[TimelineEntry]:
        chosen = ending.keepsake_goal_ids
        if not chosen:
            return []
        goals = db.session.scalars(
            select(Goal).where(Goal.owner_id == person.id, Goal.id.in_(chosen))
        ).all()
        entries = []
        for goal in goals:
            entries.append(
                TimelineEntry.at_moment(
                    goal.created_at, _("Started my goal: %(goal)s", goal=goal.title), "goal_started"
                )
            )
            if goal.status == GoalStatus.ACHIEVED and goal.achieved_at:
                entries.append(
                    TimelineEntry.at_moment(
                        goal.achieved_at,
                        _("Achieved my goal: %(goal)s", goal=goal.title),
                        "goal_achieved",
                    )
                )
        steps_done = db.session.scalars(
            select(Win).where(
                Win.owner_id == person.id,
                Win.goal_id.in_([goal.id for goal in goals]),
                Win.kind == WinKind.STEP_DONE,
            )
        )
        entries += [
            TimelineEntry.at_moment(
                win.created_at, _("Small win: %(step)s", step=win.label or ""), "win"
            )
            for win in steps_done
        ]
        return entries
