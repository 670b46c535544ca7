"""Views of the admissions app, by audience: citizens, organisations, processing, notifications."""
from .citizen import apply, apply_done, mine, my_detail, my_document, my_resubmit, my_withdraw
from .notifications import notifications, notifications_read
from .organizations import (
    mass_apply,
    new_program_request,
    org_campaign,
    org_campaigns,
    org_detail,
    org_list,
    org_resubmit,
    org_withdraw,
    participants_template,
)
from .processing import (
    campaign_detail,
    campaign_new,
    campaigns,
    inbox,
    inbox_assign,
    inbox_bulk,
    inbox_detail,
    inbox_document,
    inbox_export,
    inbox_status,
    participant_status,
)

__all__ = [
    "apply", "apply_done", "campaign_detail", "campaign_new", "campaigns", "inbox", "inbox_assign", "inbox_bulk",
    "inbox_detail", "inbox_document", "inbox_export", "inbox_status", "mass_apply", "mine", "my_detail",
    "my_document", "my_resubmit", "my_withdraw", "new_program_request", "notifications", "notifications_read",
    "org_campaign", "org_campaigns", "org_detail", "org_list", "org_resubmit", "org_withdraw",
    "participant_status", "participants_template",
]
