"""The one way the vacancy clients call their sources: JSON over HTTP with a timeout, retries with a growing
pause on timeouts, 5xx, throttling, truncated or HTML bodies (integrations.md §2, §3), and a count of requests."""
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


class SourceError(Exception):
    """The source could not be read after the retries; the message says why, in Russian, for the run log."""


@dataclass
class Caller:
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    pause: float = 0.0  # between any two requests (≤1 req/s for trudvsem, under 9 req/s for hh.ru)
    sleep: object = time.sleep
    requests: int = 0
    retried: int = 0
    _last: float = field(default=0.0, repr=False)

    def _wait_turn(self) -> None:
        if self.pause:
            delay = self._last + self.pause - time.monotonic()
            if delay > 0:
                self.sleep(delay)
        self._last = time.monotonic()

    def json(self, url: str, *, headers: dict | None = None, data: bytes | None = None,
             retry_on=lambda status, body: False):
        """The decoded JSON answer; a 4xx the caller does not retry raises SourceError with the source's text."""
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.retried += 1
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn()
            self.requests += 1
            request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
            try:
                # The address comes from settings (http or https), never from a user.
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:
                body = _read(error)
                if error.code >= 500 or error.code == 429 or retry_on(error.code, body):
                    reason = f"ответ {error.code}"
                    continue
                raise SourceError(f"источник отказал: ответ {error.code} {body[:300]!r}") from None
            except TimeoutError:
                reason = "нет ответа за отведённое время"
                continue
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                # A truncated body (IncompleteRead), a dropped or refused connection.
                reason = f"сбой связи ({type(error).__name__})"
                continue
            if "json" not in kind:
                reason = "вместо данных пришла HTML-страница" if "html" in kind else f"неожиданный тип ответа {kind}"
                continue
            try:
                return json.loads(body)
            except ValueError:
                reason = "ответ оборван или повреждён (не JSON)"
                continue
        raise SourceError(f"источник недоступен после {self.retries + 1} попыток: {reason}")


def _read(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except Exception:  # a broken error body says nothing more than its status
        return b""
