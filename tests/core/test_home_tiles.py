"""A young person's home: every tile has an icon of its own."""

import re

from tests.factories import log_in, make_young_person


def test_every_tile_on_a_young_persons_home_has_its_own_icon(client):
    log_in(client, make_young_person())
    html = client.get("/").get_data(as_text=True)
    tiles = re.findall(
        r'<a class="card card--link"[^>]*>\s*(<svg.*?</svg>)\s*<span>(.*?)</span>', html, re.S
    )
    assert "My profile" in [label for _, label in tiles]
    icons = [icon for icon, _ in tiles]
    assert len(tiles) >= 5 and len(set(icons)) == len(icons), [label for _, label in tiles]
