"""Asking PostgreSQL how it would run a page's queries, to prove none reads a whole growing
table to show a page's rows.

A test database holds a handful of rows, where reading a whole table is what a planner rightly
prefers; so the plans are asked for with sequential scans (and, where a page promises its order
comes from an index, sorts) priced out of reach. A plan that still has one has no other way to
run: that is the query shape or index the page is missing, and at a region's scale it reads or
sorts every row.
"""

import json

from sqlalchemy import Connection

# Nodes that take in every row below them before giving any out: a Limit above one of these does
# not stop the reading below it. (An Incremental Sort is not one: its rows come presorted by the
# leading keys and it gives out each group as it is complete, so a Limit stops it; it still
# counts as sorting the rows below it.)
TAKES_EVERYTHING = {"Sort", "Hash", "Aggregate", "Materialize", "WindowAgg"}
SORTS = {"Sort", "Incremental Sort"}
INDEX_SCANS = {"Index Scan", "Index Only Scan"}


def plan_of(connection: Connection, statement: str, parameters, *, analyze=False) -> dict:
    """The plan PostgreSQL would use; with `analyze`, run, with the rows each node gave."""
    explain = "EXPLAIN (ANALYZE, FORMAT JSON) " if analyze else "EXPLAIN (FORMAT JSON) "
    rows = connection.exec_driver_sql(explain + statement, parameters)
    plan = rows.scalar_one()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _problems(node: dict, tables: set[str], sorted_tables: set[str], limited: bool, sorting: bool):
    kind = node["Node Type"]
    if kind == "Limit":
        limited, sorting = True, False
    elif kind in TAKES_EVERYTHING or kind in SORTS:
        limited = limited and kind not in TAKES_EVERYTHING
        sorting = sorting or kind in SORTS
    table = node.get("Relation Name")
    if table in tables and kind == "Seq Scan":
        yield f"reads all of {table}"
    if table in tables and kind in INDEX_SCANS and "Index Cond" not in node and not limited:
        yield f"reads all of {table} through {node['Index Name']}"
    if table in sorted_tables and sorting:
        yield f"sorts the rows of {table}"
    for child in node.get("Plans", []):
        # A subquery's plan runs on its own: the outer Limit does not bound it.
        own = child.get("Parent Relationship") in ("SubPlan", "InitPlan")
        yield from _problems(child, tables, sorted_tables, limited and not own, sorting and not own)


def whole_table_reads(
    connection: Connection, statements, tables, *, not_sorted=()
) -> list[tuple[str, str]]:
    """(problem, statement) for each read of a whole table of `tables` in the plans of
    `statements` (a `count_queries` list), and each sort of the rows of a table of `not_sorted`.
    Only SELECTs are asked about (a GET's only writes are its logs)."""
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    if not_sorted:
        connection.exec_driver_sql("SET LOCAL enable_sort = off")
    found = []
    for statement, parameters in statements.run:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        plan = plan_of(connection, statement, parameters)
        for problem in _problems(plan, set(tables), set(not_sorted), False, False):
            found.append((problem, statement))
    connection.exec_driver_sql("RESET enable_seqscan")
    connection.exec_driver_sql("RESET enable_sort")
    return found


def _rows_of(node: dict, table: str) -> bool:
    """Whether the node's rows are the table's own rows (joined or windowed, not grouped)."""
    return node.get("Relation Name") == table or any(
        _rows_of(child, table)
        for child in node.get("Plans", [])
        if child["Node Type"] != "Aggregate"
    )


def _sorts(node: dict, table: str) -> int:
    own = node["Node Type"] in ("Sort", "Incremental Sort") and _rows_of(node, table)
    return own + sum(_sorts(child, table) for child in node.get("Plans", []))


def sorts_of(connection: Connection, statements, table: str) -> int:
    """How many times the plans of `statements` sort rows read from `table` (sorting what was
    grouped from them is not counted)."""
    return sum(
        _sorts(plan_of(connection, statement, parameters), table)
        for statement, parameters in statements.run
        if statement.lstrip().upper().startswith("SELECT")
    )
