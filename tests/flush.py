"""The flush after a transactional test deletes the rows instead of truncating every table (a test plugin).

TRUNCATE of the project's ~180 tables gives each table and index a new file, which cost seconds per browser or
worker test on a busy machine; the same tables emptied by DELETE in the flush's one transaction take a fraction of
that, because a test leaves rows in only a few of them. Every foreign key Django creates is DEFERRABLE INITIALLY
DEFERRED, so the order of the deletes does not matter; a flush that asks to reset sequences keeps Django's way.
"""
from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def _delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences or allow_cascade or not tables:
        return _truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    return ["SET CONSTRAINTS ALL DEFERRED;"] + [
        f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in tables]


def pytest_configure(config):
    DatabaseOperations.sql_flush = _delete
