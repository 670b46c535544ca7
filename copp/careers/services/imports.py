"""Imports of the region's vacancies from «Работа России» and hh.ru (issue 18): fetch everything first through
the source's client (retries with backoff inside), then apply it in one transaction, so a failing source leaves
the database as it was and a finished run leaves it complete. Deduplicated by (source, external id) under a
per-source lock; an updated vacancy is updated, one gone from the source is closed (full runs), never deleted;
each run writes its log (fetched, new, updated, closed, rejected with the reason)."""
import datetime as dt
import logging
import zlib

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from copp.directories.models import Municipality

from ..clients import hhru, trudvsem
from ..clients.http import Caller, SourceError
from ..clients.records import ExternalVacancy
from ..models import ImportRun, ImportStatus, ImportTrigger, Vacancy, VacancySource, VacancyStatus
from .vacancies import content_hash, matching_apply_bulk, salary_sort_of

logger = logging.getLogger(__name__)

IMPORTED = (VacancySource.TRUDVSEM, VacancySource.HHRU)
# A run still «running» after this long died with its worker: it no longer blocks the next one.
STALE_AFTER = dt.timedelta(hours=2)
# Incremental runs re-read a little before the last run's start: the sources round and lag their dates.
OVERLAP = dt.timedelta(minutes=15)
MAX_REJECTIONS_KEPT = 200


class ImportRefused(Exception):
    """The run cannot start (one of the source is already running); the message is for the user."""


def caller_from_settings() -> Caller:
    options = settings.COPP_VACANCY_IMPORT
    return Caller(timeout=options["timeout"], retries=options["retries"], backoff=options["backoff"])


def client_for(source: str, caller: Caller | None = None):
    """The source's client as the settings describe it (the local fakes in development and tests)."""
    options = settings.COPP_VACANCY_IMPORT
    caller = caller or caller_from_settings()
    if source == VacancySource.TRUDVSEM:
        caller.pause = options["trudvsem_pause"]
        return trudvsem.TrudvsemClient(base_url=options["trudvsem_url"], region_code=options["trudvsem_region"],
                                       caller=caller)
    if source == VacancySource.HHRU:
        caller.pause = options["hhru_pause"]
        return hhru.HhruClient(base_url=options["hhru_url"], user_agent=options["hhru_user_agent"],
                               area=options["hhru_area"], client_id=options["hhru_client_id"],
                               client_secret=options["hhru_client_secret"], token=options["hhru_token"],
                               caller=caller)
    raise ValueError(source)


PARSERS = {VacancySource.TRUDVSEM: trudvsem.parse, VacancySource.HHRU: hhru.parse}


def import_start(*, source: str, trigger: str = ImportTrigger.SCHEDULE, full: bool = True, actor=None) -> ImportRun:
    """Record a run of one source; refused while another run of the same source is going."""
    if source not in IMPORTED:
        raise ValueError(source)
    ImportRun.objects.filter(source=source, status=ImportStatus.RUNNING,
                             started_at__lt=timezone.now() - STALE_AFTER).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), error="Прервано: обработчик не завершил запуск.")
    since = None
    if not full:
        last = (ImportRun.objects.filter(source=source, status=ImportStatus.SUCCEEDED)
                .order_by("-started_at").first())
        since = last.started_at - OVERLAP if last else None
        full = last is None  # the first run of a source reads everything
    try:
        with transaction.atomic():
            return ImportRun.objects.create(source=source, trigger=trigger, full=full, since=since,
                                            started_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:
        raise ImportRefused("Импорт из этого источника уже идёт: дождитесь его окончания.") from None


def import_execute(run: ImportRun, *, client=None, progress=None) -> ImportRun:
    """Fetch, then apply in one transaction; the run's log says what happened or why it failed."""
    client = client or client_for(run.source)
    try:
        raw = client.fetch(since=run.since, progress=progress)
    except SourceError as error:
        return _finish(run, client, status=ImportStatus.FAILED, error=str(error))
    records, rejections = _parse_all(run.source, raw)
    run.fetched = len(raw)
    try:
        with transaction.atomic():
            _lock_source(run.source)
            counts = _apply(run, records)
    except Exception as error:  # nothing was written: the transaction rolled back
        logger.exception("Import run %s failed while writing", run.pk)
        return _finish(run, client, status=ImportStatus.FAILED, error=f"Ошибка записи: {type(error).__name__}")
    run.created, run.updated, run.closed = counts["created"], counts["updated"], counts["closed"]
    run.rejected, run.rejections = len(rejections), rejections[:MAX_REJECTIONS_KEPT]
    run = _finish(run, client, status=ImportStatus.SUCCEEDED)
    from .market import market_refresh

    market_refresh(months=counts["months"])
    return run


def _finish(run: ImportRun, client, *, status: str, error: str = "") -> ImportRun:
    caller = getattr(client, "caller", None)
    run.status, run.error, run.finished_at = status, error, timezone.now()
    if caller is not None:
        run.requests, run.retries = caller.requests, caller.retried
    run.save()
    return run


def _parse_all(source: str, raw: list[dict]) -> tuple[dict[str, ExternalVacancy], list[dict]]:
    """Parsed records by external id (a vacancy delivered twice counts once: the later change wins) and the
    rejected ones with the reason."""
    parse = PARSERS[source]
    records: dict[str, ExternalVacancy] = {}
    rejections = []
    for item in raw:
        try:
            record = parse(item)
        except (ValueError, TypeError, AttributeError) as error:
            rejections.append({"id": str(item.get("id", ""))[:64] if isinstance(item, dict) else "",
                               "reason": str(error) or type(error).__name__})
            continue
        if record.salary_from and record.salary_to and record.salary_to < record.salary_from:
            rejections.append({"id": record.external_id, "reason": "зарплата «до» меньше зарплаты «от»"})
            continue
        known = records.get(record.external_id)
        if known is None or (record.modified_at or dt.datetime.min.replace(tzinfo=dt.UTC)) >= (
                known.modified_at or dt.datetime.min.replace(tzinfo=dt.UTC)):
            records[record.external_id] = record
    return records, rejections


def _lock_source(source: str) -> None:
    """Two runs of one source (a scheduled and a manual one racing) write one after the other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(f"careers.import.{source}".encode())])


FIELDS = ("title", "employer_name", "employer_inn", "municipality", "address", "salary_from", "salary_to",
          "salary_sort", "employment", "schedule", "education", "experience_years", "duties", "requirements",
          "contacts", "places", "source_url", "source_modified_at", "content_hash")


def _values(record: ExternalVacancy, municipalities: dict) -> dict:
    values = {
        "title": record.title, "employer_name": record.employer_name, "employer_inn": record.employer_inn,
        "municipality": municipalities.get(record.municipality.lower().replace("ё", "е")),
        "address": record.address, "salary_from": record.salary_from, "salary_to": record.salary_to,
        "salary_sort": salary_sort_of(record.salary_from, record.salary_to), "employment": record.employment,
        "schedule": record.schedule, "education": record.education, "experience_years": record.experience_years,
        "duties": record.duties, "requirements": record.requirements, "contacts": record.contacts,
        "places": record.places, "source_url": record.source_url, "source_modified_at": record.modified_at,
    }
    values["content_hash"] = content_hash(*(values[f] if f != "municipality" else getattr(values[f], "pk", "")
                                            for f in FIELDS if f != "content_hash"))
    return values


def _month(moment) -> dt.date:
    local = timezone.localtime(moment) if moment else timezone.localtime()
    return local.date().replace(day=1)


def _apply(run: ImportRun, records: dict[str, ExternalVacancy]) -> dict:
    now = timezone.now()
    municipalities = {m.name.lower().replace("ё", "е"): m for m in Municipality.objects.all()}
    existing = {v.external_id: v for v in Vacancy.objects.filter(source=run.source, external_id__in=list(records))}
    months = {_month(now)}
    created, updated = [], []
    for external_id, record in records.items():
        values = _values(record, municipalities)
        vacancy = existing.get(external_id)
        if vacancy is None:
            published = min(record.published_at or now, now)
            created.append(Vacancy(source=run.source, external_id=external_id, status=VacancyStatus.PUBLISHED,
                                   published_at=published, **values))
            months.add(_month(published))
            continue
        reopened = vacancy.status == VacancyStatus.CLOSED
        if vacancy.content_hash == values["content_hash"] and not reopened:
            continue
        for name, value in values.items():
            setattr(vacancy, name, value)
        if reopened:
            vacancy.status, vacancy.closed_at = VacancyStatus.PUBLISHED, None
        vacancy.updated_at = now
        updated.append(vacancy)
    Vacancy.objects.bulk_create(created, batch_size=500)
    Vacancy.objects.bulk_update(updated, [*FIELDS, "status", "closed_at", "updated_at"], batch_size=500)
    # Staff corrections stick on re-import: a locked vacancy keeps its profession and competencies.
    matching_apply_bulk(created + [v for v in updated if not v.match_locked])
    closed = 0
    if run.full:
        vanished = (Vacancy.objects.filter(source=run.source, status=VacancyStatus.PUBLISHED)
                    .exclude(external_id__in=list(records)))
        closed = vanished.update(status=VacancyStatus.CLOSED, closed_at=now, updated_at=now)
    if updated:
        months |= {_month(v.published_at) for v in updated}
    return {"created": len(created), "updated": len(updated), "closed": closed, "months": sorted(months)}


def import_run_now(*, source: str, trigger: str = ImportTrigger.SCHEDULE, full: bool = True, actor=None,
                   progress=None) -> ImportRun | None:
    """Start and execute one run (the scheduled task and the job call this); None when one is already going."""
    try:
        run = import_start(source=source, trigger=trigger, full=full, actor=actor)
    except ImportRefused:
        return None
    return import_execute(run, progress=progress)
