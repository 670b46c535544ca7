"""Run the local hh.ru API: `python -m fakes.hhru --port 8022`."""
import argparse
import os

from .server import FakeHhru


def main(argv=None) -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m fakes.hhru", description=__doc__)
    parser.add_argument("--host", default=env("HHRU_FAKE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("HHRU_FAKE_PORT", "8022")))
    parser.add_argument("--count", type=int, default=3000, help="vacancies of the region")
    parser.add_argument("--seed", type=int, default=1261)
    parser.add_argument("--client-id", default=env("HHRU_FAKE_CLIENT_ID", "COPP-DEMO"))
    parser.add_argument("--client-secret", default=env("HHRU_FAKE_CLIENT_SECRET", "copp-demo-secret"))
    parser.add_argument("--anonymous", action="store_true",
                        help="searches without a token get 403 captcha_required instead of 403 oauth")
    args = parser.parse_args(argv)
    fake = FakeHhru(count=args.count, seed=args.seed, anonymous=args.anonymous, client_id=args.client_id,
                    client_secret=args.client_secret)
    print(f"hh.ru (локальный): http://{args.host}:{args.port}/vacancies?area=1261", flush=True)
    fake.serve_forever(args.host, args.port)


if __name__ == "__main__":
    main()
