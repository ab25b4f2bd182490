"""The staff menu on a phone: one row (staff home, and "Menu" opening every page) that needs no
JavaScript, and the whole row of links from a tablet's width. Young people keep their bottom
bar."""

import re

from tests.factories import log_in, make_user, make_young_person
from youthhub.accounts.models import Role


def staff_nav(html: str) -> str:
    match = re.search(r'<nav class="staff-nav".*?</nav>', html, re.S)
    assert match
    return match.group(0)


def links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', html)


def test_a_phone_gets_one_row_with_the_whole_menu_one_tap_away_without_javascript(client):
    log_in(client, make_user(Role.YOUTH_WORKER, Role.ADMIN))
    nav = staff_nav(client.get("/manage/activities/").get_data(as_text=True))

    bar = re.search(r'<div class="staff-nav__bar">(.*?)</div>', nav, re.S).group(1)
    before_menu, menu = bar.split('<details class="staff-nav__menu">')
    assert links(before_menu) == ["/manage/"]  # one link beside the menu: the row stays one
    assert "<summary>Menu</summary>" in menu
    row = re.search(r'<ul class="staff-nav__row">.*?</ul>', nav, re.S).group(0)
    # Every page of the menu is in the disclosure, as in the tablet's row, current page marked.
    assert links(menu) == links(row) and len(links(row)) > 10
    assert '<a href="/manage/activities/" aria-current="page">' in menu
    assert "<script" not in nav and "onclick" not in nav


def test_young_people_keep_their_bottom_bar_and_get_no_staff_menu(client):
    log_in(client, make_young_person())
    html = client.get("/whats-on").get_data(as_text=True)
    assert 'class="staff-nav"' not in html
    bottom = re.search(r'<nav class="bottom-nav".*?</nav>', html, re.S).group(0)
    assert links(bottom) == ["/", "/whats-on", "/groups/", "/goals/", "/money"]


def test_the_menu_made_once_is_each_persons_own_language_and_roles(client):
    """The menu is kept per language and set of roles: the next person, or the same person in
    Welsh, gets their own, never the one made for someone else."""
    log_in(client, make_young_person(locale="cy"))
    welsh = re.search(
        r'<nav class="bottom-nav".*?</nav>', client.get("/").get_data(as_text=True), re.S
    )
    assert "Hafan" in welsh.group(0) and ">Home<" not in welsh.group(0)
    log_in(client, make_young_person())
    english = client.get("/").get_data(as_text=True)
    assert ">Home<" in english and "Hafan" not in english
    log_in(client, make_user(Role.FINANCE))
    nav = staff_nav(client.get("/manage/").get_data(as_text=True))
    assert "/manage/finance" in links(nav) and "/manage/claims" not in links(nav)


def outbox(html: str) -> str:
    return re.search(
        r'<div class="outbox" data-outbox.*?</div>\s*</div>\s*</div>', html, re.S
    ).group(0)


def test_the_outbox_words_made_once_are_each_pages_own_language(client):
    """The outbox's words are kept per language (core/templating.outbox_words): a Welsh page
    after an English one has the Welsh words, and the person's own id is never kept with them."""
    english_person = make_young_person()
    log_in(client, english_person)
    english = outbox(client.get("/").get_data(as_text=True))
    assert f'data-user="{english_person.id}"' in english
    assert 'data-saved="Saved on this phone. It will send when you have signal."' in english
    assert 'data-waiting="Changes waiting to send: {count}."' in english
    assert ">Stay logged in</button>" in english
    welsh_person = make_young_person(locale="cy")
    log_in(client, welsh_person)
    welsh = outbox(client.get("/").get_data(as_text=True))
    assert f'data-user="{welsh_person.id}"' in welsh
    assert f'data-user="{english_person.id}"' not in welsh
    assert "Saved on this phone" not in welsh and "Stay logged in" not in welsh
    assert welsh.count("data-") == english.count("data-")
