"""Monitoring for the partnership board and evaluators: what the programme did, for whom, and
what changed, for any period with the one before it beside it.

Each section (`sections.SECTIONS`) is a function of a `Period` that returns numbers only: no
name, no goal's words, and every count of young people passed through `core.small_numbers` so
small ones are hidden the same way on the page, in the charts, in the CSVs and in the board's
PDF. The page, the CSVs and the PDF only lay out what the sections give them.
"""
