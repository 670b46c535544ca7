"""`manage.py bench_scale --small DB --large DB`: the issue-15 benchmark of pages and API over two generated
databases; prints per page queries, medians, L/S, page/floor and the slowest query's plan flags, then the gates."""
import time

from django.core.management.base import BaseCommand

from copp.portal.scale.bench import gates, run


class Command(BaseCommand):
    help = "Benchmark the critical pages on a small and a large generated database and check the gates."

    def add_arguments(self, parser):
        parser.add_argument("--small", default="copp_perf_s", help="database generated at the small scale")
        parser.add_argument("--large", default="copp_perf_l", help="database generated at the large scale")
        parser.add_argument("--rounds", type=int, default=5, help="timed requests per page and database")
        parser.add_argument("--markdown", help="also write the table to this file (Markdown)")
        parser.add_argument("--only", nargs="+", help="measure only the pages whose name holds one of these words")

    def handle(self, *args, small, large, rounds, markdown, only, **options):
        started = time.monotonic()
        result = run(small, large, rounds=rounds, log=self.stdout.write, only=only)
        rows, results = gates(result["pages"])
        elapsed = time.monotonic() - started
        header = ("| page | role | heavy | queries S/L | S ms | L ms | L/S | L/floor | slowest query at L, ms | "
                  "plan flags |")
        lines = [header, "|" + "---|" * 10]
        for row in rows:
            lines.append(f"| {row['page']} | {row['role']} | {'yes' if row['heavy'] else ''} | {row['queries']} | "
                         f"{row['s_ms']:.0f} | {row['l_ms']:.0f} | {row['ratio']:.1f} | {row['floor']:.0f} | "
                         f"{row['slowest_ms']:.0f} | {row['flags']} |")
            if row["status"] != "200/200":
                lines[-1] = lines[-1][:-1] + f" HTTP {row['status']} |"
        lines.append("")
        for name, ok, pages in results:
            lines.append(f"- {'PASS' if ok else 'FAIL'}: {name}" + (f" — {pages}" if pages else ""))
        lines.append(f"\n{len(rows)} requests × {rounds} rounds × 2 databases in {elapsed:.0f} s")
        text = "\n".join(lines)
        self.stdout.write(text)
        self.stdout.write("\nThe slowest query of each page at L:")
        for row in rows:
            self.stdout.write(f"- {row['page']}: {row['slowest_ms']:.0f} ms {row['flags']}")
            self.stdout.write(f"  {row['slowest_sql'][:600]}")
        if markdown:
            with open(markdown, "w", encoding="utf-8") as out:
                out.write(text + "\n")
