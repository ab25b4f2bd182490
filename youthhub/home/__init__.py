"""Pages and tasks that gather several domains: the home pages, the language choice and the
demo data. It sits above every domain (and `core` below them all), so a domain never needs to
import another to show itself on the home page."""
