"""Every write about applications that carries a rule; atomic, audited, notifications written with the change."""
from .common import (
    application_assign,
    application_bulk_set_status,
    application_set_status,
    next_number,
    notify,
    participant_advance,
    participant_set_status,
)
from .individual import (
    ApplicationIncomplete,
    ApplicationRefused,
    active_application_of,
    application_resubmit,
    application_submit,
    check_complete,
    document_kinds_for,
    document_upload,
)
from .notifications import notifications_mark_read
from .organizations import (
    campaign_open,
    campaign_quota_left,
    mass_application_submit,
    new_program_request_submit,
    organization_application_resubmit,
    upskilling_list_submit,
)
from .uploads import draft_uploads_purge

__all__ = [
    "ApplicationIncomplete", "ApplicationRefused", "active_application_of", "application_assign",
    "application_bulk_set_status", "application_resubmit", "application_set_status", "application_submit",
    "campaign_open", "campaign_quota_left", "check_complete", "document_kinds_for", "document_upload",
    "draft_uploads_purge", "mass_application_submit", "new_program_request_submit", "next_number",
    "notifications_mark_read", "notify", "organization_application_resubmit", "participant_advance",
    "participant_set_status", "upskilling_list_submit",
]
