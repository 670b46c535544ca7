"""A learner's own learning path from library modules (D4): the chosen modules go to the CoPP's inbox as an
application, where staff accept it into an individual plan or a group."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.programs.selectors import modules_open_for_paths

from ..models import Application, ApplicationKind, ApplicationStatus
from .common import advisory_lock, next_number, notify, record_change, search_text_of

_LOCK_PATH = 7402
PATH_MODULES_MAX = 12


def path_modules(ids) -> list:
    """The chosen modules that are still open for individual paths, in the order chosen."""
    found = {m.pk: m for m in modules_open_for_paths().filter(pk__in=list(ids)).prefetch_related("competencies")}
    return [found[pk] for pk in ids if pk in found]


@transaction.atomic
def path_apply(*, actor, module_ids: list[int], comment: str = "", consent: bool = False, token: str = "",
               request=None) -> Application:
    """Send the path: 1 to 12 modules open for individual paths and the consent; the person's details come from
    the profile. A repeated click (the same token) finds the application it already made."""
    advisory_lock(_LOCK_PATH, actor.pk)
    if token:
        mine = Application.objects.filter(submit_token=token, applicant=actor).first()
        if mine is not None:
            return mine
    modules = path_modules(module_ids)
    if not modules:
        raise ValidationError(_("Choose at least one module for your path."))
    if len(modules) > PATH_MODULES_MAX:
        raise ValidationError(_("A path holds at most %(max)d modules.") % {"max": PATH_MODULES_MAX})
    if len(modules) != len(set(module_ids)):
        raise ValidationError(_("Some modules are no longer open for individual paths: check your choice."))
    if not consent:
        raise ValidationError(_("Without consent we cannot accept the application."))
    now = timezone.now()
    application = Application(
        number=next_number(), kind=ApplicationKind.PATH, status=ApplicationStatus.SUBMITTED, applicant=actor,
        applicant_comment=comment, submitted_at=now, status_changed_at=now, submit_token=token or None,
        hours=sum(m.total_hours for m in modules),
        **{f: getattr(actor, f) or ("" if f != "birth_date" else None)
           for f in ("last_name", "first_name", "patronymic", "birth_date", "phone", "email", "snils")})
    application.search_text = search_text_of(application)
    application.save()
    application.modules.set(modules)
    record_change(application=application, actor=actor, source="", target=ApplicationStatus.SUBMITTED,
                  comment=comment)
    audit_record(actor=actor, action="application.submitted", obj=application,
                 details={"kind": application.kind, "modules": [m.pk for m in modules]}, request=request)
    notify(application, _("Application № %(number)s for your learning path of %(count)d modules has been sent. "
                          "The CoPP will offer you an individual plan or a group; we will tell you by e-mail.")
           % {"number": application.number, "count": len(modules)}, request)
    return application
