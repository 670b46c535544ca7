"""Run the local Moodle: `python -m fakes.moodle --port 8023 --token …`."""
import argparse
import os

from .server import ALL_FUNCTIONS, FakeMoodle


def main(argv=None) -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m fakes.moodle", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=env("MOODLE_FAKE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("MOODLE_FAKE_PORT", "8023")))
    parser.add_argument("--token", default=env("MOODLE_FAKE_TOKEN", "copp-demo-moodle-token"),
                        help="the web-service token; it may call every function the platform needs")
    parser.add_argument("--demo", action="store_true", help="add a template course with graded activities")
    parser.add_argument("--data", default=env("MOODLE_FAKE_DATA", ""),
                        help="a folder to keep users, courses and grades in across restarts")
    args = parser.parse_args(argv)
    state = os.path.join(args.data, "moodle.json") if args.data else None
    fake = FakeMoodle(host=args.host, port=args.port, tokens={args.token: ALL_FUNCTIONS}, state_path=state)
    if args.demo:
        fake.add_template_course()
    print(f"Учебный Moodle: {fake.url} (токен веб-сервисов задан параметром --token)", flush=True)
    fake.serve_forever()


if __name__ == "__main__":
    main()
