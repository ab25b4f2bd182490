"""What the young person's claim page and staff's claim page share: acting on a claim from it."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from youthhub.core.forms import form_action
from youthhub.payments.models import Contribution


@dataclass(frozen=True)
class ClaimPage:
    """One claim page: its endpoint, how to find a claim for it (or 404), and how to draw it
    (`render(claim, **sent)`, where `sent` is a form posted back with a problem, as typed)."""

    endpoint: str
    find: Callable[[int], Contribution]
    render: Callable[..., str]

    def act(self, claim_id: int, form, action: Callable, *, done: str, shown_as="confirm"):
        """Validate `form`, call `action(claim, form)` (one service), say `done` and go back to
        the claim. A form problem or a refusal draws the page again with `form` as typed."""
        claim = self.find(claim_id)
        return form_action(
            form,
            lambda: action(claim, form),
            done=done,
            then=url_for(self.endpoint, claim_id=claim.id),
            page=lambda: self.render(claim, **{shown_as: form}),
        )
