"""Who the platform is in letters: the centre's name and the platform's address. The portal app, which owns the
branding settings, provides them at start-up; kernel and lower apps read them here without importing it."""
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    url: str

    @property
    def domain(self) -> str:
        """The address without the scheme, as a reader would type it."""
        return self.url.split("://", 1)[-1].rstrip("/")


_provider: Callable[[], Identity] | None = None


def identity_provider_set(provider: Callable[[], Identity]) -> None:
    """Called once by the app owning the branding settings."""
    global _provider  # noqa: PLW0603 - one process-wide hook, set at start-up
    _provider = provider


def platform_identity() -> Identity:
    """The centre's name and the platform's address; the settings' defaults before any branding exists."""
    if _provider is not None:
        return _provider()
    return Identity(name="Центр опережающей профессиональной подготовки", short_name="ЦОПП",
                    url=settings.COPP_PLATFORM_URL)
