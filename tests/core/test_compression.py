"""Pages go gzipped to browsers that accept it, each with a random-length gzip header."""

import gzip

from tests.factories import log_in, make_young_person

BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_young_persons_home_arrives_gzipped_and_reads_the_same(client):
    log_in(client, make_young_person(name="Robin"))
    plain = client.get("/")
    squeezed = client.get("/", headers=BROWSER)
    assert "Content-Encoding" not in plain.headers
    assert squeezed.headers["Content-Encoding"] == "gzip"
    for response in (plain, squeezed):
        assert "Accept-Encoding" in response.headers["Vary"]
    html = gzip.decompress(squeezed.get_data()).decode()
    assert "Robin" in html and html.rstrip().endswith("</html>")
    assert len(squeezed.get_data()) < len(plain.get_data()) / 3
    assert int(squeezed.headers["Content-Length"]) == len(squeezed.get_data())


def test_the_same_page_compresses_to_different_lengths(client):
    # BREACH reads a secret from how the compressed length changes: the padding blurs it.
    lengths = {len(client.get("/login", headers=BROWSER).get_data()) for _ in range(6)}
    assert len(lengths) > 1


def test_what_does_not_pay_is_sent_as_it_is(client):
    assert "Content-Encoding" not in client.get("/healthz", headers=BROWSER).headers  # JSON
    # A browser that refuses gzip gets the page itself.
    refused = client.get("/login", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    assert "</html>" in refused.get_data(as_text=True)
