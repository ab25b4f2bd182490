"""The PDFs' own stylesheet for HTML: WeasyPrint's, less the pseudo-elements no PDF of ours has
(they cost every element of a long report six styles), with nothing a page shows lost."""

import weasyprint
from weasyprint.html import UA

from tests.endings.pdfs import pdf_text, tagged
from youthhub.core.pdf import (
    PDF_VARIANT,
    PrintHTML,
    _finish,
    _identify_as_pdf_ua,
    lean_user_agent_stylesheet,
    render_pdf,
)


def test_only_the_rules_for_notes_go_and_markers_stay_on_list_items():
    lean = lean_user_agent_stylesheet().splitlines()
    dropped = [line for line in UA.splitlines() if line not in lean]
    assert dropped and all(
        line.startswith(("::footnote-", "::note-", "::marker")) for line in dropped
    )
    assert not [line for line in lean if line.startswith("::")]  # no rule for every element
    assert any(line.startswith("li::marker") for line in lean)
    # WeasyPrint still asks the document for its stylesheet this way (or the lean one is unused).
    assert "_ua_stylesheets" in vars(weasyprint.HTML)


def test_a_pdf_shows_and_tags_what_weasyprints_full_stylesheet_would():
    page = (
        '<!doctype html><html lang="cy"><title>Prawf</title><body><h1>Pennawd</h1>'
        "<ul><li>Un</li><li>Dau</li></ul><ol><li>Tri</li></ol>"
        '<table><tr><th scope="row">Mis</th><td>12</td></tr></table></body></html>'
    )
    lean = render_pdf(page)
    full = weasyprint.HTML(string=page).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf_text(lean) == pdf_text(full)
    assert "• " in pdf_text(lean) and "1. " in pdf_text(lean)  # the lists' markers
    assert tagged(lean).structure == tagged(full).structure
    assert {"H1", "L", "LI", "Table", "TH", "TD"} <= set(tagged(lean).structure)


def test_each_object_is_written_once_and_the_file_is_the_same_to_the_byte(monkeypatch):
    # Without HarfBuzz-Subset, WeasyPrint cuts fonts with fontTools, which stamps each cut with
    # the current second: two writes a second apart would differ there alone.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    page = (
        '<!doctype html><html lang="en"><title>Test</title><body><h1>Heading</h1>'
        '<table><tr><th scope="row">Month</th><td>12</td></tr></table></body></html>'
    )
    document = PrintHTML(string=page).render(pdf_variant=PDF_VARIANT)
    as_pydyf_writes_it = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_identify_as_pdf_ua)
    assert document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_finish) == as_pydyf_writes_it
