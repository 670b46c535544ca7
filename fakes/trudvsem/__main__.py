"""Run the local «Работа России» API: `python -m fakes.trudvsem --port 8021`."""
import argparse
import os

from .server import FakeTrudvsem


def main(argv=None) -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m fakes.trudvsem", description=__doc__)
    parser.add_argument("--host", default=env("TRUDVSEM_FAKE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("TRUDVSEM_FAKE_PORT", "8021")))
    parser.add_argument("--count", type=int, default=2500, help="vacancies of the region")
    parser.add_argument("--seed", type=int, default=66)
    parser.add_argument("--offset-mode", choices=("page", "record"), default="page",
                        help="read `offset` as a page index (default, as most clients) or a record offset")
    args = parser.parse_args(argv)
    fake = FakeTrudvsem(count=args.count, seed=args.seed, offset_mode=args.offset_mode)
    print(f"«Работа России» (локальная): http://{args.host}:{args.port}/api/v1/vacancies/region/6600000000000",
          flush=True)
    fake.serve_forever(args.host, args.port)


if __name__ == "__main__":
    main()
