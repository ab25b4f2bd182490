"""A short name for the device a session was started on, from its User-Agent: the browser and
the operating system, which is all a person needs to recognise their own phone or laptop.

Product names are not translated; `templates/accounts/devices.html` puts them into words."""

# First match wins: many browsers also claim to be Chrome and Safari, so the specific ones come
# first (Edge says "Edg/", Opera "OPR/", Chrome on an iPhone "CriOS/", Firefox there "FxiOS/").
BROWSERS = (
    ("SamsungBrowser/", "Samsung Internet"),
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("OPiOS/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


def _first(user_agent: str, names) -> str:
    return next((name for marker, name in names if marker in user_agent), "")


def describe_device(user_agent: str | None) -> tuple[str, str]:
    """(browser, system) from a User-Agent header; either is "" when it is not recognised."""
    user_agent = (user_agent or "")[:1000]
    return _first(user_agent, BROWSERS), _first(user_agent, SYSTEMS)
