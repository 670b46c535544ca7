"""Every write about applications that carries a rule; atomic, audited, notifications on commit."""
from .common import (
    application_assign,
    application_bulk_set_status,
    application_set_status,
    next_number,
    notify,
    participant_set_status,
)
from .individual import (
    ApplicationRefused,
    active_application_of,
    application_resubmit,
    application_submit,
    document_kinds_for,
    document_upload,
)
from .notifications import notifications_mark_read
from .organizations import (
    campaign_open,
    campaign_quota_left,
    mass_application_submit,
    new_program_request_submit,
    upskilling_list_submit,
)

__all__ = [
    "ApplicationRefused", "active_application_of", "application_assign", "application_bulk_set_status",
    "application_resubmit", "application_set_status", "application_submit", "campaign_open",
    "campaign_quota_left", "document_kinds_for", "document_upload", "mass_application_submit",
    "new_program_request_submit", "next_number", "notifications_mark_read", "notify", "participant_set_status",
    "upskilling_list_submit",
]
