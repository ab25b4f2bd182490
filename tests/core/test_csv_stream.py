"""A long CSV is written as it is read: its rows are asked for only once the download starts,
and go out a few hundred at a time, never held whole (`core.csv.csv_stream`)."""

import csv
import io

from youthhub.core.csv import ROWS_PER_CHUNK, csv_stream


def test_rows_are_made_only_as_the_download_is_read_and_go_out_in_pieces(app):
    made = []

    def rows():
        yield ["Activity", "Attended"]
        for number in range(ROWS_PER_CHUNK * 2):
            made.append(number)
            yield [f"=Session {number}", number]

    with app.test_request_context("/manage/reports/activities.csv"):
        response = csv_stream(rows, "activities.csv")
        assert response.is_streamed and made == []  # nothing read before the body is sent
        first = next(iter(response.response))
        assert len(made) < ROWS_PER_CHUNK  # the first piece went out before the rest was made
        body = first + "".join(response.response)

    assert response.headers["Content-Disposition"] == 'attachment; filename="activities.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    written = list(csv.reader(io.StringIO(body)))
    assert len(written) == 1 + ROWS_PER_CHUNK * 2
    assert written[1] == ["'=Session 0", "0"]  # still never run as a spreadsheet formula
