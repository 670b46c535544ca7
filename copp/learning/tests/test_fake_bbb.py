"""The local BigBlueButton checks what bbb-web checks: the checksum on the raw query string, names and ids,
create's idempotency, join's redirect, attendees, end and recordings (integrations.md §5)."""
import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from defusedxml import ElementTree

from copp.learning.bbb import BbbError, Server
from fakes.bbb.server import FakeBbb, checksum, jwt_hs256

from .conftest import BBB_SECRET


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def raw(fake, call, query, *, method="GET", body=None):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"{fake.url}api/{call}?{query}", data=body, method=method)  # noqa: S310
    try:
        with opener.open(request, timeout=5) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def signed(call, query, secret=BBB_SECRET, algorithm="sha1"):
    return f"{query}&checksum={checksum(call, query, secret, algorithm)}"


def key(body):
    return ElementTree.fromstring(body).findtext("messageKey")


def test_the_documented_checksum_example():
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    assert checksum("create", query, "639259d4-9dd8-4b25-bf01-95f9567eaf4b") == \
        "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"


def test_a_wrong_checksum_is_refused_and_nothing_is_made(fake_bbb):
    query = "name=Lesson&meetingID=m-1"
    status, _headers, body = raw(fake_bbb, "create", signed("create", query, secret="not-the-secret"))
    assert status == 200 and key(body) == "checksumError"
    assert fake_bbb.meetings == {}
    status, _headers, body = raw(fake_bbb, "create", query)  # no checksum at all
    assert key(body) == "checksumError"


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha512"])
def test_the_algorithm_is_chosen_by_the_checksum_length(fake_bbb, algorithm):
    status, _headers, body = raw(fake_bbb, "create", signed("create", "name=L&meetingID=m-2", algorithm=algorithm))
    assert ElementTree.fromstring(body).findtext("returncode") == "SUCCESS"


def test_an_algorithm_the_server_does_not_allow_is_refused():
    fake = FakeBbb(secret=BBB_SECRET, algorithms=("sha256",)).start()
    try:
        _status, _headers, body = raw(fake, "create", signed("create", "name=L&meetingID=m-3", algorithm="sha1"))
        assert key(body) == "checksumError"
    finally:
        fake.stop()


def test_the_checksum_covers_the_string_as_sent(fake_bbb):
    # Signed with %20, sent with + : the server hashes what it received, so it differs.
    as_signed = "name=" + quote("Урок 1") + "&meetingID=m-4"
    as_sent = as_signed.replace("%20", "+")
    _status, _headers, body = raw(fake_bbb, "create", f"{as_sent}&checksum={checksum('create', as_signed, BBB_SECRET)}")
    assert key(body) == "checksumError"
    _status, _headers, body = raw(fake_bbb, "create", signed("create", as_signed))
    assert ElementTree.fromstring(body).findtext("returncode") == "SUCCESS"
    assert fake_bbb.meetings["m-4"].name == "Урок 1"


def test_a_parameter_in_both_the_url_and_the_body_is_refused(fake_bbb):
    query = "name=L&meetingID=m-5"
    _status, _headers, body = raw(fake_bbb, "create", signed("create", query), method="POST",
                                  body=b"meetingID=m-5")
    assert key(body) == "checksumError"


def test_create_is_idempotent_and_a_different_repeat_is_refused(fake_bbb):
    server = Server(url=fake_bbb.url, secret=BBB_SECRET)
    first = server.create(meeting_id="m-6", name="Урок", duration=60)
    again = server.create(meeting_id="m-6", name="Урок", duration=60)
    assert again["duplicate"] and again["create_time"] == first["create_time"]
    with pytest.raises(BbbError) as refusal:
        server.create(meeting_id="m-6", name="Другой урок", duration=60)
    assert refusal.value.key == "idNotUnique"


def test_ids_and_names_are_checked(fake_bbb):
    server = Server(url=fake_bbb.url, secret=BBB_SECRET)
    for meeting_id, name, expected in (("a,b", "L", "validationError"), ("x", "L", "validationError"),
                                       ("m-7", "", "missingParamName")):
        with pytest.raises(BbbError) as refusal:
            server.create(meeting_id=meeting_id, name=name, duration=10)
        assert refusal.value.key == expected
    # Names are case-sensitive: meetingid is not meetingID.
    _status, _headers, body = raw(fake_bbb, "create", signed("create", "name=L&meetingid=m-8"))
    assert key(body) == "missingParamMeetingID"


def test_join_redirects_and_the_attendee_is_listed_until_the_end(fake_bbb):
    server = Server(url=fake_bbb.url, secret=BBB_SECRET, algorithm="sha1")
    made = server.create(meeting_id="m-9", name="L", duration=60)
    status, headers, _body = raw(fake_bbb, "join", server.join_url(
        meeting_id="m-9", full_name="Иванов Иван", user_id="u7", moderator=False,
        create_time=made["create_time"]).split("?", 1)[1])
    assert status == 302 and "/fake-client?" in headers["Location"]
    info = server.meeting_info(meeting_id="m-9")
    assert info["running"] and info["attendees"] == [{"user_id": "u7", "full_name": "Иванов Иван", "role": "VIEWER"}]
    # An address made for an earlier run of the meeting (another createTime) does not enter it.
    _status, _headers, body = raw(fake_bbb, "join", server.join_url(
        meeting_id="m-9", full_name="X", user_id="u8", moderator=False, create_time=1).split("?", 1)[1])
    assert key(body) == "mismatchCreateTimeParam"
    server.end(meeting_id="m-9")
    assert server.meeting_info(meeting_id="m-9")["attendees"] == []
    _status, _headers, body = raw(fake_bbb, "join", server.join_url(
        meeting_id="m-9", full_name="X", user_id="u8", moderator=False, create_time=None).split("?", 1)[1])
    assert key(body) == "meetingForciblyEnded"


def test_unknown_meetings_and_recordings(fake_bbb):
    server = Server(url=fake_bbb.url, secret=BBB_SECRET)
    assert server.meeting_info(meeting_id="nope") is None
    with pytest.raises(BbbError) as refusal:
        server.call("join", {"fullName": "X", "meetingID": "nope", "role": "VIEWER"})
    assert refusal.value.key == "invalidMeetingIdentifier"
    assert server.recordings(meeting_id="m-10") == []
    server.create(meeting_id="m-10", name="L", duration=60)
    fake_bbb.add_recording("m-10", minutes=42)
    [record] = server.recordings(meeting_id="m-10")
    assert record["minutes"] == 42 and record["url"].startswith(fake_bbb.base)


def test_the_recording_ready_token_is_signed_with_the_secret():
    token = jwt_hs256({"meeting_id": "m", "record_id": "r"}, BBB_SECRET)
    head, payload, signature = token.split(".")
    expected = base64.urlsafe_b64encode(hmac.new(BBB_SECRET.encode(), f"{head}.{payload}".encode(),
                                                 hashlib.sha256).digest()).rstrip(b"=").decode()
    assert signature == expected
    assert json.loads(base64.urlsafe_b64decode(payload + "==")) == {"meeting_id": "m", "record_id": "r"}
