"""Import the region's vacancies now: `manage.py import_vacancies [--source trudvsem|hhru|all] [--full] [--wait N]`."""
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from copp.careers.models import ImportTrigger
from copp.careers.services.imports import import_run_now


class Command(BaseCommand):
    help = "Import vacancies from «Работа России» and hh.ru (each source on its own; one failing leaves the other)."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=("trudvsem", "hhru", "all"), default="all")
        parser.add_argument("--full", action="store_true", help="read the whole region and close what vanished")
        parser.add_argument("--wait", type=float, default=0,
                            help="seconds to wait for the sources to answer first (the demo starts them together)")

    def handle(self, *args, source, full, wait, **options):
        sources = ("trudvsem", "hhru") if source == "all" else (source,)
        if wait:
            self._wait_for(sources, wait)
        for name in sources:
            run = import_run_now(source=name, trigger=ImportTrigger.MANUAL, full=full)
            if run is None:
                self.stdout.write(f"{name}: another run of this source is going")
                continue
            self.stdout.write(f"{name}: {run.status}, fetched {run.fetched}, new {run.created}, updated {run.updated}, "
                              f"closed {run.closed}, rejected {run.rejected} {run.error}".rstrip())

    def _wait_for(self, sources, seconds: float) -> None:
        options = settings.COPP_VACANCY_IMPORT
        urls = {"trudvsem": options["trudvsem_url"], "hhru": options["hhru_url"] + "/areas"}
        deadline = time.monotonic() + seconds
        for name in sources:
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(urls[name], timeout=2)  # noqa: S310 (settings' http address)
                    break
                except urllib.error.HTTPError:
                    break  # it answers, if only with an error
                except OSError:
                    time.sleep(0.5)
