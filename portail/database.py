"""Database chores shared by the bulk loaders."""

from django.db import connection


def refresh_planner_statistics() -> None:
    """Tell the query planner the tables' new sizes after a bulk load.

    Without it PostgreSQL plans the next queries with the statistics of nearly empty tables (one row
    each) and may choose nested loops that run for minutes on thousands of rows; autovacuum catches
    up only later. Runs inside the caller's transaction, so it also sees rows not committed yet.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
