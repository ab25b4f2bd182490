"""Every column that points at a user is covered by some domain's personal data source, so a
new table can never be forgotten by the download or the erasure."""

from youthhub.extensions import db
from youthhub.rights.registry import EXPORT_ORDER, covered_columns, sources


def columns_pointing_at_users() -> set[str]:
    found = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column.table.name == "users" for key in column.foreign_keys):
                found.add(f"{table.name}.{column.name}")
    return found


def test_every_column_pointing_at_a_user_is_covered(app):
    pointing = columns_pointing_at_users()
    assert len(pointing) > 30  # the walk sees the tables
    assert sorted(pointing - set(covered_columns())) == []


def test_sources_cover_only_real_columns(app):
    assert sorted(set(covered_columns()) - columns_pointing_at_users()) == []


def test_each_column_is_covered_once_and_says_its_rule(app):
    listed = [column for source in sources() for column in source.covers]
    assert len(listed) == len(set(listed))
    assert all(rule.strip() for rule in covered_columns().values())


def test_every_source_is_in_the_download(app):
    assert sorted(source.key for source in sources()) == sorted(EXPORT_ORDER)


def test_the_account_is_erased_last(app):
    assert sources()[-1].key == "account"
