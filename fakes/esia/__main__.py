"""Run the local ESIA: `python -m fakes.esia --data var/esia --port 8010`.

On first start it makes, in the data folder, its own GOST key and certificate (it signs JWTs with
them) and a demo key and certificate for the platform (registered here as the client's certificate),
unless --client-cert names the platform's own. Every option can also come from the environment.
"""
import argparse
import contextlib
import os
import sys
from pathlib import Path

from . import gost
from .server import SCOPE_TITLES, Client, FakeEsia

DEFAULT_REDIRECTS = ("http://127.0.0.1:8000/accounts/esia/login/callback/,"
                     "http://localhost:8000/accounts/esia/login/callback/")


def ensure_key_pair(folder: Path, name: str, common_name: str) -> tuple[gost.KeyPair, Path]:
    """Load <name>.key/.cer from the folder, making them when missing; the key file is private."""
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.cer"
    if key_path.exists() and cert_path.exists():
        return gost.KeyPair.from_pem(key_path.read_bytes()), cert_path
    folder.mkdir(parents=True, exist_ok=True)
    key = gost.KeyPair.generate()
    key_path.touch(mode=0o600)
    key_path.write_text(key.private_pem())
    cert_path.write_text(gost.pem("CERTIFICATE", key.certificate(common_name, "Учебный стенд ЦОПП")))
    return key, cert_path


def parse_args(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m fakes.esia", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=env("ESIA_FAKE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("ESIA_FAKE_PORT", "8010")))
    parser.add_argument("--data", default=env("ESIA_FAKE_DATA", "var/esia"),
                        help="folder for the generated keys and certificates")
    parser.add_argument("--client-id", default=env("ESIA_FAKE_CLIENT_ID", "COPP-DEMO"))
    parser.add_argument("--redirect-uri", action="append",
                        help="a registered redirect URI (repeat); default: the platform on port 8000")
    parser.add_argument("--client-cert", default=env("ESIA_FAKE_CLIENT_CERT", ""),
                        help="the platform's certificate; default: a demo one made in --data")
    parser.add_argument("--scopes", default=env("ESIA_FAKE_SCOPES", " ".join(SCOPE_TITLES)),
                        help="scopes approved for the client")
    parser.add_argument("--issuer", default=env("ESIA_FAKE_ISSUER", ""), help="iss of the tokens")
    parser.add_argument("--auto-approve", type=int, default=int(env("ESIA_FAKE_AUTO_APPROVE", "0")),
                        help="sign this oid in without the choice page")
    parser.add_argument("--keys-only", action="store_true",
                        help="make the demo keys and certificates in --data, then exit (the platform checks ESIA's "
                             "certificate before it starts)")
    parser.add_argument("--fault", action="append", default=[],
                        help="name[=value]: wrong_state, omit_oid, token_delay=5, token_status=500, overload, "
                             "unconfirmed_account, expired_token, bad_jwt_signature")
    args = parser.parse_args(argv)
    if not args.redirect_uri:
        args.redirect_uri = [u for u in env("ESIA_FAKE_REDIRECT_URIS", DEFAULT_REDIRECTS).split(",") if u]
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    folder = Path(args.data)
    key, own_cert = ensure_key_pair(folder, "esia-fake", "Учебная ЕСИА")
    if args.client_cert:
        client_cert = Path(args.client_cert)
    else:
        _client_key, client_cert = ensure_key_pair(folder, "copp-demo", args.client_id)
    if args.keys_only:
        print(f"ESIA certificate: {own_cert}; client certificate: {client_cert}", file=sys.stderr)
        return
    client = Client(args.client_id, args.redirect_uri, client_cert.read_bytes(), set(args.scopes.split()))
    fake = FakeEsia(clients=[client], key=key, host=args.host, port=args.port, issuer=args.issuer or None)
    fake.auto_approve = args.auto_approve or None
    for fault in args.fault:
        name, _, value = fault.partition("=")
        fake.faults[name] = value or True
    print(f"Учебные Госуслуги (ЕСИА): {fake.url}/  client_id={client.client_id}", file=sys.stderr)
    print(f"  JWT certificate: {own_cert}; client certificate: {client_cert}", file=sys.stderr)
    print(f"  redirect URIs: {', '.join(client.redirect_uris)}", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        fake.serve_forever()


if __name__ == "__main__":
    main()
