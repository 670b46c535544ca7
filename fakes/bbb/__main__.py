"""Run the local BigBlueButton: `python -m fakes.bbb --port 8024 --secret …`."""
import argparse
import os

from .server import FakeBbb


def main(argv=None) -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m fakes.bbb", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=env("BBB_FAKE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("BBB_FAKE_PORT", "8024")))
    parser.add_argument("--secret", default=env("BBB_FAKE_SECRET", "copp-demo-bbb-secret"))
    parser.add_argument("--algorithms", default=env("BBB_FAKE_ALGORITHMS", "sha1,sha256,sha384,sha512"),
                        help="checksum algorithms accepted (bbb-web's supportedChecksumAlgorithms)")
    args = parser.parse_args(argv)
    fake = FakeBbb(secret=args.secret, host=args.host, port=args.port,
                   algorithms=tuple(a.strip() for a in args.algorithms.split(",") if a.strip()))
    print(f"Учебный BigBlueButton: {fake.url} (общий секрет задан параметром --secret)", flush=True)
    fake.serve_forever()


if __name__ == "__main__":
    main()
