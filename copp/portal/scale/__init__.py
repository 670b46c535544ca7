"""The large-data generator of issue 15 (M32): fills a database to a scale factor with realistic rows of every
app by SQL (generate_series), one registered part per app; an app added later registers its own part."""
import time

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from . import parts, parts_late, parts_training, parts_upper  # noqa: F401 - importing registers the parts
from .base import (
    CHECK_DIGIT_FUNCTIONS,
    PARTS,
    PASSWORD,
    Context,
    Sizes,
    create_indexes,
    drop_secondary_indexes,
    run_sql,
)

# The tables of millions of rows: their plain indexes are built once after the load.
BIG_TABLES = ["accounts_user", "accounts_roleassignment", "organizations_membership", "admissions_application",
              "admissions_participant", "admissions_statuschange", "events_eventregistration",
              "training_enrolment", "training_lesson", "training_teacherbooking", "training_mark",
              "training_modulegrade", "careers_vacancy", "careers_vacancycompetency", "surveys_response",
              "surveys_answer", "analytics_dailyfact"]


__all__ = ["PASSWORD", "Sizes", "generate"]


def generate(scale: float, *, foreign_key_checks: bool = True, log=None) -> Context:
    """Fill the database at `scale` (1.0 = a region: 1M citizens, 1M applications, 600k lessons, ~10M marks).

    With `foreign_key_checks` off the load runs with session_replication_role = replica (the deferred foreign-key
    triggers are skipped; unique, check and exclusion constraints still hold): rows are built from the ids just
    inserted, and the queue of millions of deferred checks would otherwise dominate the time."""
    ctx = Context(sizes=Sizes.for_scale(scale), password_hash=make_password(PASSWORD))
    with transaction.atomic():
        run_sql(CHECK_DIGIT_FUNCTIONS)
        run_sql("SET LOCAL synchronous_commit = off")
        if not foreign_key_checks:
            run_sql("SET LOCAL session_replication_role = replica")
        run_sql("SET LOCAL maintenance_work_mem = '512MB'")
        indexes = drop_secondary_indexes(BIG_TABLES)
        for name, func in PARTS:
            started = time.monotonic()
            func(ctx)
            ctx.timings.append((name, time.monotonic() - started))
            if log:
                log(f"{name}: {ctx.timings[-1][1]:.1f} s")
        started = time.monotonic()
        # The deferred foreign-key checks run now (an index cannot be built over pending trigger events).
        run_sql("SET CONSTRAINTS ALL IMMEDIATE")
        create_indexes(indexes)
        ctx.timings.append(("indexes", time.monotonic() - started))
        if log:
            log(f"indexes: {ctx.timings[-1][1]:.1f} s")
    return ctx


def analyze(vacuum: bool = True) -> None:
    """Fresh planner statistics (and the visibility map, with VACUUM) after a load; outside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
