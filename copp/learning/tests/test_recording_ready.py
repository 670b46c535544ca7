"""BigBlueButton's recording-ready callback (integrations.md §5): the local server POSTs `signed_parameters`,
a JWT HS256 signed with the shared secret, to meta_bbb-recording-ready-url when a recording is published; the
platform checks the signature and the meeting and reads the recordings at once. Polling stays the fallback."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from fakes.bbb.server import jwt_hs256

from .. import services
from ..models import Conference
from .conftest import BBB_SECRET

pytestmark = pytest.mark.django_db


class Receiver:
    """Stands where the platform listens: keeps what BigBlueButton posted to the callback address."""

    def __init__(self):
        self.posts: list[tuple[str, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                receiver.posts.append((self.path, parse_qs(body)))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


def test_the_fake_announces_a_published_recording_and_the_platform_trusts_only_the_signed_one(
        bbb_on, klass, client, receiver):
    conference = services.conference_plan(actor=klass["teacher"], lesson=klass["lesson"])
    path = reverse("learning:bbb_recording", args=[conference.callback_token])
    services.conference_join(user=klass["learner"], lesson=klass["lesson"], recording_url=receiver.url + path)
    assert bbb_on.meetings[conference.meeting_id].metadata["bbb-recording-ready-url"] == receiver.url + path
    services.server().end(meeting_id=conference.meeting_id)
    row = bbb_on.add_recording(conference.meeting_id, minutes=40)
    # The server posted the signed parameters to the address create was given, once the recording was published.
    assert row["callback_status"] == 204
    [(posted_path, form)] = receiver.posts
    assert posted_path == path
    signed = form["signed_parameters"][0]
    # A forged signature or another meeting's token is refused, nothing is read.
    forged = jwt_hs256({"meeting_id": conference.meeting_id, "record_id": "x"}, "not-the-secret")
    assert client.post(path, {"signed_parameters": forged}).status_code == 401
    other = jwt_hs256({"meeting_id": "copp-other", "record_id": "x"}, BBB_SECRET)
    assert client.post(path, {"signed_parameters": other}).status_code == 401
    assert client.post(path, {"signed_parameters": "garbage"}).status_code == 401
    none_alg = signed.split(".")[0]
    assert client.post(path, {"signed_parameters": none_alg + "." + signed.split(".")[1] + "."}).status_code == 401
    assert Conference.objects.get(pk=conference.pk).recordings == []
    # The real one: the recordings are read at once.
    assert client.post(path, {"signed_parameters": signed}).status_code == 204
    recordings = Conference.objects.get(pk=conference.pk).recordings
    assert len(recordings) == 1 and recordings[0]["minutes"] == 40
    # Another conference's address with this meeting's token is unknown.
    assert client.post(reverse("learning:bbb_recording", args=["nope"]),
                       {"signed_parameters": signed}).status_code == 404


def test_an_unpublished_recording_is_not_announced(bbb_on, klass, receiver):
    conference = services.conference_plan(actor=klass["teacher"], lesson=klass["lesson"])
    services.conference_join(user=klass["learner"], lesson=klass["lesson"], recording_url=receiver.url + "/r/")
    bbb_on.add_recording(conference.meeting_id, published=False)
    assert receiver.posts == []
