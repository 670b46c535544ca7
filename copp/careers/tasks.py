"""Celery tasks of the careers app: thin wrappers over the import, expiry, saved-search and market services."""
from celery import shared_task

from copp.core.tasks import RETRY


@shared_task(name="careers.import_trudvsem", time_limit=3600, soft_time_limit=3500, **RETRY)
def import_trudvsem(full: bool = False):
    """The scheduled import from «Работа России» (incremental; `full` also closes what vanished)."""
    from .services.imports import import_run_now

    run = import_run_now(source="trudvsem", full=full)
    return run and run.status


@shared_task(name="careers.import_hhru", time_limit=3600, soft_time_limit=3500, **RETRY)
def import_hhru(full: bool = False):
    """The scheduled import from hh.ru."""
    from .services.imports import import_run_now

    run = import_run_now(source="hhru", full=full)
    return run and run.status


@shared_task(name="careers.close_expired", time_limit=600, **RETRY)
def close_expired():
    from .services.vacancies import vacancies_close_expired

    return vacancies_close_expired()


@shared_task(name="careers.notify_saved_searches", time_limit=1800, **RETRY)
def notify_saved_searches():
    from .services.searches import saved_searches_notify

    return saved_searches_notify()


@shared_task(name="careers.refresh_market", time_limit=1800, **RETRY)
def refresh_market():
    from .services.market import market_refresh

    return market_refresh()
