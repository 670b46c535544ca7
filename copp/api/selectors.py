"""Reads of the API layer: tokens by key, and organisations scoped by who calls (user or token)."""
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet, Value

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.directories.models import Competency
from copp.organizations.models import Organization, VerificationStatus
from copp.organizations.selectors import organizations_visible_to

from .models import IntegratorToken, token_key_hash


def integrator_token_by_key(key: str) -> IntegratorToken | None:
    """The token with this raw key (revoked and expired ones too, so callers can say why it fails)."""
    return (IntegratorToken.objects.select_related("organization", "user")
            .filter(key_hash=token_key_hash(key)).first())


def organizations_for_api(user, token: IntegratorToken | None) -> QuerySet[Organization]:
    """Organisations the caller may read, each annotated `full_card` when the caller may see all fields.

    Anyone reads verified organisations' public cards. Holders of ORGANIZATIONS_BROWSE read every
    organisation in full; members read their own organisations in full; an integrator token reads its
    own organisation in full (the token's scope applies even when a user is bound to it).
    """
    if token is not None:
        full = Q(pk=token.organization_id)
        qs = Organization.objects.filter(full | Q(verification_status=VerificationStatus.VERIFIED))
        qs = qs.annotate(full_card=ExpressionWrapper(full, output_field=BooleanField()))
    elif has_capability(user, Cap.ORGANIZATIONS_BROWSE):
        qs = organizations_visible_to(user).annotate(full_card=Value(True, output_field=BooleanField()))
    elif getattr(user, "is_authenticated", False):
        own = organizations_visible_to(user).filter(pk=OuterRef("pk"))
        qs = Organization.objects.annotate(full_card=Exists(own)).filter(
            Q(full_card=True) | Q(verification_status=VerificationStatus.VERIFIED)
        )
    else:
        qs = Organization.objects.filter(verification_status=VerificationStatus.VERIFIED).annotate(
            full_card=Value(False, output_field=BooleanField())
        )
    return qs.prefetch_related(Prefetch("competencies", queryset=Competency.objects.only("id")))
