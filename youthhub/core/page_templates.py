"""Templates that let go of what a page was given as soon as the page is written.

Jinja keeps a page's data (its rows, forms and words) in a `Context`. A macro is a function
that holds on to the context it was made in, and the context holds the macro: a reference
cycle. So a page that defines a macro or imports macros "with context" (the payments pages)
handed all its data to Python's cyclic garbage collector rather than freeing it as the request
ended: finance's queue left ~590 objects a request that way (issue 19), kept until the
collector's next round.

Each context made for a render's data is emptied once the page is written, which breaks the
cycle, so the data is freed there and then. A template module Jinja keeps and reuses (one
imported without context) is left alone. A render that fails keeps its contexts, for the
error's traceback.
"""

from contextvars import ContextVar

from jinja2 import Template
from jinja2.runtime import Context

#: The contexts the render under way has made, None outside a render.
_made: ContextVar[list[Context] | None] = ContextVar("page_contexts", default=None)


class PageTemplate(Template):
    def new_context(self, vars=None, shared=False, locals=None) -> Context:
        context = super().new_context(vars, shared, locals)
        made = _made.get()
        # `vars` is None only for the module Jinja keeps for a template imported without
        # context, which later pages use again.
        if made is not None and vars is not None:
            made.append(context)
        return context

    def render(self, *args, **kwargs) -> str:
        made: list[Context] = []
        token = _made.set(made)  # a render inside a render keeps its own list
        try:
            page = super().render(*args, **kwargs)
        finally:
            _made.reset(token)
        for context in made:
            context.vars.clear()
            context.parent.clear()
        return page
