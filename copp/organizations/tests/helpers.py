"""Test helpers: reference rows that transactional tests cannot count on (their database is flushed)."""
from copp.accounts import consent_texts
from copp.accounts.models import ConsentKind, ConsentText
from copp.directories.models import Municipality, Region


def ensure_reference_rows() -> Municipality:
    """A current consent text and a municipality, created if a flush removed the seeded ones."""
    if not ConsentText.objects.filter(kind=ConsentKind.PERSONAL_DATA, is_current=True).exists():
        ConsentText.objects.create(kind=ConsentKind.PERSONAL_DATA, version=1, is_current=True,
                                   title=consent_texts.PERSONAL_DATA_TITLE, body=consent_texts.PERSONAL_DATA_BODY)
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        region, _ = Region.objects.get_or_create(code="66", defaults={"name": "Свердловская область"})
        municipality = Municipality.objects.create(code="66-T1", name="Екатеринбург", region=region)
    return municipality
