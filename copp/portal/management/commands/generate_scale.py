"""`manage.py generate_scale --scale 0.01`: fill the database with generated data of every app (issue 15)."""
import time

from django.core.management.base import BaseCommand

from copp.portal.scale import PASSWORD, Sizes, analyze, generate
from copp.portal.scale.base import STEPS


class Command(BaseCommand):
    help = "Fill the database with realistic generated data at a scale factor (1.0 = a whole region)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True,
                            help="1.0: 1M citizens, 1M applications, 20k programs, 600k lessons, ~10M marks")
        parser.add_argument("--no-fk-checks", action="store_true",
                            help="skip the deferred foreign-key triggers during the load (much faster at scale 1)")
        parser.add_argument("--no-vacuum", action="store_true", help="only ANALYZE after the load")

    def handle(self, *args, scale, no_fk_checks, no_vacuum, **options):
        sizes = Sizes.for_scale(scale)
        self.stdout.write(f"scale {scale}: {sizes}")
        started = time.monotonic()
        generate(scale, foreign_key_checks=not no_fk_checks, log=self.stdout.write)
        loaded = time.monotonic() - started
        for table, rows, seconds in STEPS:
            self.stdout.write(f"  {table}: {rows} rows, {seconds:.1f} s")
        analyze(vacuum=not no_vacuum)
        total = time.monotonic() - started
        self.stdout.write(f"loaded in {loaded:.1f} s, with {'ANALYZE' if no_vacuum else 'VACUUM ANALYZE'} "
                          f"{total:.1f} s")
        self.stdout.write(f"accounts: citizen0@scale.example, org0@scale.example (the CoPP), org1@scale.example "
                          f"(a partner), teacher0@scale.example, staff@scale.example, coordinator@scale.example, "
                          f"admin@scale.example; password {PASSWORD}")
