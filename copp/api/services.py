"""Writes about integrator tokens: issue and revoke; each atomic and audited."""
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.organizations.models import Membership

from .models import IntegratorToken, token_key_hash


def integrator_token_check(*, organization, expires_at=None, user=None) -> None:
    """Raise ValidationError (by field) when a token with these terms may not be issued."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    if user is not None and not Membership.objects.filter(user=user, organization=organization,
                                                          is_active=True).exists():
        raise ValidationError({"user": _("The user is not a member of this organisation.")})


@transaction.atomic
def integrator_token_issue(*, actor, organization, name: str, expires_at=None, user=None,
                           request=None) -> tuple[IntegratorToken, str]:
    """Issue a token for an organisation; the raw key is returned once and never stored."""
    integrator_token_check(organization=organization, expires_at=expires_at, user=user)
    key = secrets.token_urlsafe(32)
    token = IntegratorToken.objects.create(
        name=name, organization=organization, user=user, expires_at=expires_at,
        key_hash=token_key_hash(key), key_prefix=key[:8],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="api_token.issued", obj=token, request=request,
                 details={"organization": organization.pk, "key_prefix": token.key_prefix,
                          "expires_at": expires_at.isoformat() if expires_at else None})
    return token, key


@transaction.atomic
def integrator_token_revoke(*, actor, token: IntegratorToken, request=None) -> IntegratorToken:
    """Revoke a token at once; revoking an already revoked token changes nothing."""
    token = IntegratorToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoked", obj=token, request=request,
                     details={"organization": token.organization_id, "key_prefix": token.key_prefix})
    return token
