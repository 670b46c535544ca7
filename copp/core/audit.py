"""Writing audit records from services; the client's address as the trusted proxy reports it."""
import ipaddress

from django.conf import settings

from .models import AuditLog


def _clean_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The visitor's address: behind ALLAUTH_TRUSTED_PROXY_COUNT proxies of our own, the entry of
    X-Forwarded-For the outermost of them appended (entries before it are the client's to invent);
    with no proxy, or a header shorter than the chain, the connection's own address. The login limiter
    (copp.accounts.adapter) and the audit log both use this one answer."""
    if request is None:
        return None
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        entries = [entry for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= proxies:
            ip = _clean_ip(entries[-proxies])
            if ip:
                return ip
    remote = request.META.get("REMOTE_ADDR")
    return _clean_ip(remote) if remote else None


def audit_record(*, actor, action: str, obj, details: dict | None = None, request=None) -> AuditLog:
    """Record one action on one object; services call this inside their transaction."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        details=details or {},
        ip=client_ip(request),
    )
