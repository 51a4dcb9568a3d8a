"""Where generated rows go: COPY on PostgreSQL, batched INSERT on SQLite.

The generator assigns primary keys itself (so foreign keys can point at rows not yet written)
and hands each table's rows over as tuples in a fixed column order. A table's columns are
named explicitly; a column the generator leaves out gets the database's NULL, so a NOT NULL
column added to a model later makes the load fail loudly instead of writing wrong data.

PostgreSQL: one connection per table keeps a ``COPY … FROM STDIN`` open for the whole run and
streams text-format rows to it from a background writer thread (psycopg's
``QueuedLibpqWriter``), so the server ingests one table while Python generates the next
rows. For a large load into empty tables, secondary indexes are dropped first and rebuilt
afterwards (a sorted build is several times faster than maintaining the index row by row),
and the load runs with ``session_replication_role = replica`` so deferred foreign-key
triggers are not queued for millions of rows — the generator writes consistent keys itself,
and the city-scale tests load with every constraint enforced to prove it.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

FLUSH_ROWS = 5000


@dataclass
class IndexPlan:
    """Secondary indexes and unique constraints of the loaded tables, to rebuild after."""

    drop: list[str] = field(default_factory=list)
    create: list[str] = field(default_factory=list)


def _escape_all(text: str) -> str:
    """COPY text escaping; the common case (nothing to escape) costs two C-level checks."""
    if "\\" not in text and text.isprintable():
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_formatter(model: type[Model], columns: Sequence[str]) -> Callable[[tuple[Any, ...]], str]:
    """A function turning one row tuple into a line of COPY text, compiled for the table.

    Generic per-value formatting (type checks for every value) cost more than generating the
    data; a per-table f-string knows each column's kind from the model: booleans become
    t/f, nullable columns may be \\N, free text and JSON are escaped, everything else (ids,
    dates, choice values, ciphertext in base64) is written as it is.
    """
    from payung.core.fields import EncryptedTextField

    by_column = {f.column: f for f in model._meta.concrete_fields}
    parts = []
    for i, column in enumerate(columns):
        f = by_column[column]
        kind = f.get_internal_type()
        # Text a person or a JSON encoder wrote may hold a tab, a newline or a backslash;
        # choice values and ciphertext (base64) cannot.
        free_text = (
            kind in ("CharField", "TextField", "JSONField", "SlugField", "EmailField")
            and not f.choices
            and not isinstance(f, EncryptedTextField)
        )
        value = f"E(r[{i}])" if free_text else f"r[{i}]"
        if kind == "BooleanField":
            parts.append(f"{{'t' if r[{i}] else 'f'}}")
        elif f.null:
            parts.append(f"{{N if r[{i}] is None else {value}}}")
        else:
            parts.append(f"{{{value}}}")
    source = 'lambda r: f"' + "\\t".join(parts) + '\\n"'
    return eval(source, {"N": "\\N", "E": _escape_all})  # noqa: S307 - built from field metadata only


class Table:
    """Rows for one table; ``add`` takes a tuple in ``columns`` order."""

    def __init__(self, sink: Sink, model: type[Model], columns: Sequence[str]) -> None:
        self.sink = sink
        self.model = model
        self.db_table = model._meta.db_table
        self.columns = list(columns)
        self.rows = 0
        self._buffer: list[Any] = []
        self._lines: list[str] = []
        self.format = copy_formatter(model, columns)

    def add(self, row: tuple[Any, ...]) -> None:
        self._buffer.append(row)
        self.rows += 1
        if len(self._buffer) >= FLUSH_ROWS:
            self.flush()

    def add_line(self, line: str) -> None:
        """A row already in COPY text format (PostgreSQL only)."""
        self._lines.append(line)
        self.rows += 1
        if len(self._lines) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self.sink.write(self, self._buffer)
            self._buffer = []
        if self._lines:
            self.sink.send(self, "".join(self._lines).encode())
            self._lines = []


class Sink:
    """Base class: ``table()`` registers a table, ``close()`` flushes and commits."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}

    def table(self, model: type[Model], columns: Sequence[str]) -> Table:
        db_table = model._meta.db_table
        known = {f.column for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise ValueError(f"{db_table} has no column(s) {unknown}")
        table = Table(self, model, columns)
        self.tables[db_table] = table
        return table

    def write(self, table: Table, rows: list[Any]) -> None:
        raise NotImplementedError

    def send(self, table: Table, data: bytes) -> None:
        raise NotImplementedError(f"{type(self).__name__} takes rows, not COPY text")

    def close(self) -> None:
        for table in self.tables.values():
            table.flush()

    def abort(self) -> None:
        pass


class SqliteSink(Sink):
    """Batched ``executemany`` through Django's connection, inside the caller's transaction."""

    def __init__(self) -> None:
        super().__init__()
        self._sql: dict[str, str] = {}
        self._datetime_columns: dict[str, list[int]] = {}

    def table(self, model: type[Model], columns: Sequence[str]) -> Table:
        table = super().table(model, columns)
        quote = connection.ops.quote_name
        self._sql[table.db_table] = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(table.db_table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )
        by_column = {f.column: f for f in model._meta.concrete_fields}
        self._datetime_columns[table.db_table] = [
            i for i, c in enumerate(columns) if by_column[c].get_internal_type() == "DateTimeField"
        ]
        return table

    def write(self, table: Table, rows: list[Any]) -> None:
        positions = self._datetime_columns[table.db_table]
        if positions:
            # Django keeps SQLite datetimes as naive UTC text; the generator writes "+00:00".
            fixed = []
            for row in rows:
                values = list(row)
                for i in positions:
                    value = values[i]
                    if value is not None and value.endswith("+00:00"):
                        values[i] = value[:-6]
                fixed.append(values)
            rows = fixed
        with connection.cursor() as cursor:
            cursor.executemany(self._sql[table.db_table], rows)


class PostgresSink(Sink):
    """COPY in text format.

    ``streaming=False``: each batch is one ``COPY`` on Django's connection, inside the
    caller's transaction, with every constraint checked at commit (city scale, tests).
    ``streaming=True``: one connection per table keeps its COPY open for the whole run and a
    writer thread feeds it, so the server ingests while Python generates; the session runs
    with ``session_replication_role = replica`` (no foreign-key triggers: tables commit one
    after another, and a circular reference such as case ↔ report could not be checked
    across two transactions anyway).
    """

    def __init__(self, *, streaming: bool) -> None:
        super().__init__()
        self.streaming = streaming
        self._copies: dict[str, Any] = {}
        self._managers: dict[str, Any] = {}
        self._conns: dict[str, Any] = {}

    def _sql(self, table: Table) -> str:
        columns = ", ".join(f'"{c}"' for c in table.columns)
        return f'COPY "{table.db_table}" ({columns}) FROM STDIN'

    def write(self, table: Table, rows: list[Any]) -> None:
        self.send(table, "".join(map(table.format, rows)).encode())

    def send(self, table: Table, data: bytes) -> None:
        if not self.streaming:
            with connection.cursor() as cursor, cursor.copy(self._sql(table)) as copy:
                copy.write(data)
            return
        copy = self._copies.get(table.db_table)
        if copy is None:
            from psycopg.copy import QueuedLibpqWriter

            conn = connect(replica=True)
            cursor = conn.cursor()
            manager = cursor.copy(self._sql(table), writer=QueuedLibpqWriter(cursor))
            copy = manager.__enter__()
            self._conns[table.db_table] = conn
            self._copies[table.db_table] = copy
            self._managers[table.db_table] = manager
        copy.write(data)

    def close(self) -> None:
        super().close()
        for name, manager in self._managers.items():
            manager.__exit__(None, None, None)
            self._conns[name].commit()
            self._conns[name].close()
        self._copies.clear()
        self._managers.clear()
        self._conns.clear()

    def abort(self) -> None:
        for name, manager in self._managers.items():
            # Already failing: end each COPY and roll back whatever state it is in.
            with contextlib.suppress(Exception):
                manager.__exit__(RuntimeError, RuntimeError("aborted"), None)
            with contextlib.suppress(Exception):
                self._conns[name].rollback()
                self._conns[name].close()
        self._copies.clear()
        self._managers.clear()
        self._conns.clear()


def connect(*, replica: bool = False, autocommit: bool = False) -> Any:
    """A new psycopg connection to Django's database (for work beside Django's own)."""
    import psycopg

    params = connection.get_connection_params()
    wanted = {"dbname", "user", "password", "host", "port", "sslmode", "options"}
    conn = psycopg.connect(
        autocommit=autocommit, **{k: v for k, v in params.items() if k in wanted and v}
    )
    conn.execute("SET synchronous_commit = off")
    if replica:
        conn.execute("SET session_replication_role = replica")
    return conn


def index_plan(tables: Iterable[str]) -> IndexPlan:
    """How to drop and rebuild every index of ``tables`` except their primary keys.

    Constraint-backed indexes (``UNIQUE`` constraints) are dropped as constraints and added
    back with their own definition; the rest (plain and partial unique indexes) are re-run
    from ``pg_indexes.indexdef``. Names and definitions stay exactly what migrations made.
    """
    plan = IndexPlan()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, i.relname, pg_get_indexdef(i.oid), con.conname,
                   pg_get_constraintdef(con.oid), con.contype
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = c.oid
            WHERE c.relname = ANY(%s) AND NOT x.indisprimary
            ORDER BY c.relname, i.relname
            """,
            [list(tables)],
        )
        for table, index, indexdef, conname, condef, contype in cursor.fetchall():
            if conname and contype in ("u", "x"):
                plan.drop.append(f'ALTER TABLE "{table}" DROP CONSTRAINT "{conname}"')
                plan.create.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{conname}" {condef}')
            else:
                plan.drop.append(f'DROP INDEX "{index}"')
                plan.create.append(indexdef)
    return plan


def _statement_table(statement: str) -> str:
    """The table an index, constraint or VACUUM statement of ``index_plan`` works on."""
    match = _TABLE_OF.search(statement)
    return match.group(1) if match else ""


_TABLE_OF = re.compile(r'(?:ALTER TABLE|VACUUM \(ANALYZE\)|\bON (?:ONLY )?(?:\w+\.)?)\s*"?(\w+)"?')


def largest_first(statements: list[str]) -> list[str]:
    """``statements`` ordered by the size of their table, largest first (stable otherwise).

    On two connections, the build finishes when the last statement does: starting with the
    longest ones (the audit chains' indexes, the access log's) keeps one connection from
    ending alone on a 20-million-row index while the other has nothing left to do.
    """
    tables = sorted({_statement_table(s) for s in statements} - {""})
    sizes: dict[str, int] = {}
    if tables:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, pg_relation_size(oid) FROM pg_class "
                "WHERE relname = ANY(%s) AND relkind = 'r'",
                [tables],
            )
            sizes = dict(cursor.fetchall())
    return sorted(statements, key=lambda s: -sizes.get(_statement_table(s), 0))


def run_in_parallel(statements: list[str], *, workers: int = 2) -> None:
    """Run the CREATE INDEX / ADD CONSTRAINT (or VACUUM) statements on ``workers``
    connections, largest table first."""
    pending = largest_first(list(statements))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def run() -> None:
        with connect(autocommit=True) as conn:
            # More sort memory for the builds over 20 million audit rows (this session only:
            # the server's setting is left alone).
            conn.execute("SET maintenance_work_mem = '1GB'")
            while True:
                with lock:
                    if not pending or errors:
                        return
                    statement = pending.pop(0)
                try:
                    conn.execute(statement)  # type: ignore[arg-type]
                except BaseException as exc:
                    errors.append(exc)
                    return

    threads = [threading.Thread(target=run) for _ in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
