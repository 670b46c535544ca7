"""Reference data that transactional (browser) tests cannot count on: their database is flushed
after each test, and with it the rows the data migrations seeded."""
from django.apps import apps

from copp.accounts import consent_texts
from copp.accounts.models import ConsentKind, ConsentText
from copp.directories import seed


def ensure_reference_data() -> None:
    """Re-apply the dictionary seeds and the first consent text (both idempotent)."""
    seed.apply(apps)
    if not ConsentText.objects.filter(kind=ConsentKind.PERSONAL_DATA, is_current=True).exists():
        ConsentText.objects.create(kind=ConsentKind.PERSONAL_DATA, version=1, is_current=True,
                                   title=consent_texts.PERSONAL_DATA_TITLE, body=consent_texts.PERSONAL_DATA_BODY)
