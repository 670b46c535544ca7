"""Texts that other apps show about applications (the cabinet menu in core.roles, the dashboard panels in
portal.dashboards), listed here so that this app's catalogue carries their translations."""
from django.utils.translation import gettext_noop, ngettext

TEXTS = (
    gettext_noop("My applications"), gettext_noop("Organisation applications"), gettext_noop("Applications inbox"),
    gettext_noop("Collection campaigns"), gettext_noop("Notifications"),
    gettext_noop("Application № %(number)s needs changes: %(comment)s"),
    gettext_noop("Active applications"),
    gettext_noop("Teacher lists for «%(title)s» are accepted until %(date)s."),
    gettext_noop("Apply for employees"),
    gettext_noop("New applications"), gettext_noop("In review"),
)


def plural_texts():
    """Never called: marks the plural texts for makemessages."""
    return (ngettext("%(n)d unread notification.", "%(n)d unread notifications.", 1),
            ngettext("%(n)d new application is waiting for review.",
                     "%(n)d new applications are waiting for review.", 1))
