"""Writing audit records from services."""
from .models import AuditLog


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


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
