"""The machinery of the large-data generator: sizes by scale factor, the registry of app parts, INSERT … SELECT
helpers that fill a model's remaining columns with its defaults, and temporary SQL check-digit functions."""
import dataclasses
import math
import time
from collections.abc import Callable

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models

# Row counts at scale 1 (scale L of issue 15); every other scale multiplies them.
FULL = {
    "citizens": 1_000_000,
    "organizations": 5_000,
    "programs": 20_000,
    "applications": 1_000_000,
    "events": 2_000,
    "groups": 25_000,  # × 24 lessons = 600k lessons; × 20 learners on the past ~85 % ≈ 10M marks
}
LESSONS_PER_GROUP = 24
LEARNERS_PER_GROUP = 20
MODULES_PER_PROGRAM = 4
STAFF_PER_ORGANIZATION = 4
ROOMS_PER_SITE = 2
REGISTRATIONS_PER_EVENT = 100
# The one password of every generated account, so the benchmark signs in as any role.
PASSWORD = "scale-demo-2026"


@dataclasses.dataclass
class Sizes:
    """Row counts of one run; at least a handful of each, however small the scale."""

    scale: float
    citizens: int
    organizations: int
    programs: int
    applications: int
    events: int
    groups: int

    @classmethod
    def for_scale(cls, scale: float) -> "Sizes":
        floor = {"citizens": 64, "organizations": 6, "programs": 24, "applications": 60, "events": 4,
                 "groups": 4}
        counts = {k: max(floor[k], math.ceil(v * scale)) for k, v in FULL.items()}
        # Each organisation runs four programs (the groups pick their program among the provider's own).
        counts["programs"] = max(counts["programs"], counts["organizations"] * 4)
        # Learners of the groups are distinct citizens inside one group.
        counts["citizens"] = max(counts["citizens"], LEARNERS_PER_GROUP * 2)
        return cls(scale=scale, **counts)


@dataclasses.dataclass
class Context:
    """What the parts share: the sizes, the password hash and the first id of each generated table."""

    sizes: Sizes
    password_hash: str
    base: dict = dataclasses.field(default_factory=dict)  # model label -> id offset (generated id = base + n)
    timings: list = dataclasses.field(default_factory=list)

    def first_id(self, model) -> int:
        return self.base[model._meta.label]


PARTS: list[tuple[str, Callable[[Context], None]]] = []
STEPS: list[tuple[str, int, float]] = []  # (table, rows, seconds) of every INSERT of the last run


def part(name: str):
    """Register an app's part of the generator; parts run in registration order (the apps' layer order)."""
    def register(func):
        PARTS.append((name, func))
        return func
    return register


def run_sql(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        # Without parameters the SQL is sent as is, so its % operators need no escaping.
        cursor.execute(sql, params) if params else cursor.execute(sql)
        return cursor.rowcount


def _literal(value) -> str:
    """A default value as an SQL literal (defaults are constants of the code, not user input)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return str(value)
    if isinstance(value, (dict, list)):
        import json
        return "'" + json.dumps(value).replace("'", "''") + "'"
    return "'" + str(value).replace("'", "''") + "'"


def _default_sql(field: models.Field) -> str:
    """SQL for a column the part did not set: the model's default, now() for timestamps, '' or NULL."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.has_default():
        value = field.default
        if callable(value):
            value = value()
            if hasattr(value, "tzinfo"):
                return "now()"
            if isinstance(value, list) and isinstance(field, ArrayField):
                return "'{}'"
        return _literal(value)
    if field.null:
        return "NULL"
    if isinstance(field, (models.CharField, models.TextField, models.FileField)):
        return "''"
    raise ValueError(f"{field.model._meta.label}.{field.name} needs a value")


def reserve_ids(ctx: Context, model) -> int:
    """The id offset of a model's generated rows: they take ids after every existing one."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max({pk}), 0) FROM {table}")  # noqa: S608 - names from the model
        base = cursor.fetchone()[0]
    ctx.base[model._meta.label] = base
    return base


def insert_select(model, columns: dict[str, str], source: str, params=None) -> int:
    """INSERT INTO the model's table the given column expressions over `source` (a FROM … clause); columns not
    given get their defaults, so a field added later with a default does not break the generator."""
    names, exprs = [], []
    given = dict(columns)
    for field in model._meta.concrete_fields:
        if getattr(field, "generated", False):
            continue  # a generated column (e.g. a search vector) is computed by PostgreSQL itself
        if field.column in given:
            names.append(field.column)
            exprs.append(given.pop(field.column))
        elif not field.primary_key:
            names.append(field.column)
            exprs.append(_default_sql(field))
    if given:
        raise ValueError(f"unknown columns of {model._meta.label}: {sorted(given)}")
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    started = time.monotonic()
    rows = run_sql(f"INSERT INTO {model._meta.db_table} ({quoted}) "  # noqa: S608 - names from the model
                   f"SELECT {', '.join(exprs)} {source}", params)
    STEPS.append((model._meta.db_table, rows, time.monotonic() - started))
    return rows


def fix_sequence(model) -> None:
    """After explicit ids the table's sequence continues above them."""
    table, pk = model._meta.db_table, model._meta.pk.column
    run_sql(f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "  # noqa: S608 - names from the model
            f"(SELECT coalesce(max({pk}), 0) + 1 FROM {table}), false)")


def timed(ctx: Context, label: str):
    """A context manager that records how long one step took."""
    class _Timer:
        def __enter__(self):
            self.start = time.monotonic()

        def __exit__(self, *exc):
            ctx.timings.append((label, time.monotonic() - self.start))
    return _Timer()


# Arithmetic on the digits (digit i of a 9-digit n is n / 10^(9-i) % 10) in PL/pgSQL, which runs simple
# expressions fast; a non-inlined SQL function would start an executor per row. pg_temp functions vanish with
# the session and change no schema.
def _weighted(weights) -> str:
    """SQL of the weighted sum of the nine digits of n (digit i is n / 10^(9-i) % 10)."""
    return " + ".join(f"(n / {10 ** (9 - i)} % 10) * {w}" for i, w in enumerate(weights, start=1))


CHECK_DIGIT_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION pg_temp.snils(n bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  b text := lpad(n::text, 9, '0');
  s int := {_weighted((9, 8, 7, 6, 5, 4, 3, 2, 1))};
BEGIN
  s := CASE WHEN s < 100 THEN s WHEN s IN (100, 101) THEN 0 ELSE s % 101 % 100 END;
  RETURN substr(b, 1, 3) || '-' || substr(b, 4, 3) || '-' || substr(b, 7, 3) || ' ' || lpad(s::text, 2, '0');
END
$$;
CREATE OR REPLACE FUNCTION pg_temp.inn10(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lpad(n::text, 9, '0') || (({_weighted((2, 4, 10, 3, 5, 9, 4, 6, 8))}) % 11 % 10)::text
$$;
CREATE OR REPLACE FUNCTION pg_temp.ogrn(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lpad(n::text, 12, '0') || (n % 11 % 10)::text
$$;
"""


def drop_secondary_indexes(tables: list[str]) -> list[str]:
    """Drop the plain (non-unique, not constraint-backed) indexes of the tables and return their definitions:
    building an index once after the load is many times faster than updating it row by row (a trigram GIN
    index above all). Unique and exclusion constraints stay, so they still check every row."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""", [tables])
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
        # Exclusion constraints too: re-adding one checks every row at once, about twice as fast as a GiST
        # search and insert per row; the rows are checked all the same.
        cursor.execute("""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'x' AND conrelid = ANY(%s::regclass[])""", [tables])
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    return ([definition for _name, definition in found]
            + [f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}" for table, name, definition in constraints])


def create_indexes(definitions: list[str]) -> None:
    for definition in definitions:
        run_sql(definition)
