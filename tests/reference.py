"""Reference data that transactional (browser) tests cannot count on: their database is flushed
after each test, and with it the rows the data migrations seeded."""
from django.apps import apps
from django.db import transaction

from copp.accounts import consent_texts
from copp.accounts.models import ConsentKind, ConsentText
from copp.careers import seed as careers_seed
from copp.directories import seed
from copp.learning.materials import seed as materials_seed
from copp.resources import seed as resources_seed
from copp.reviews import seed as reviews_seed
from copp.surveys import instruments as career_tests


def ensure_reference_data() -> None:
    """Re-apply every data migration's seed: dictionaries, equipment types, review criteria, the first consent
    text. In one transaction: one commit instead of one per row."""
    with transaction.atomic():
        _apply()


def _apply() -> None:
    seed.apply(apps)
    resources_seed.apply(apps)
    reviews_seed.apply(apps)
    materials_seed.apply(apps)
    career_tests.install(apps)
    careers_seed.apply(apps)
    if not ConsentText.objects.filter(kind=ConsentKind.PERSONAL_DATA, is_current=True).exists():
        ConsentText.objects.create(kind=ConsentKind.PERSONAL_DATA, version=1, is_current=True,
                                   title=consent_texts.PERSONAL_DATA_TITLE, body=consent_texts.PERSONAL_DATA_BODY)
