"""Admin: the audit log, the outbox, background jobs and heartbeats; ReadOnlyAdmin for records kept as evidence."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .background import task_rerun
from .jobs import job_restart
from .mail import letters_resend
from .models import AuditLog, Heartbeat, Job, JobStatus, Letter


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept as evidence (audit, sign-ins, erasure requests): listed and opened, never added, changed
    or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_repr", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor__email", "object_id")
    date_hierarchy = "at"
    list_select_related = ("actor",)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    """The outbox: what was sent, what waits and why; failed letters can be sent again."""

    list_display = ("created_at", "subject", "recipients", "status", "attempts", "sent_at", "next_attempt_at")
    list_filter = ("status",)
    search_fields = ("recipients", "subject")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "status", "subject", "recipients", "attempts", "next_attempt_at", "sent_at",
                       "last_error", "body")
    exclude = ("message",)
    actions = ["resend"]

    @admin.display(description=_("text"))
    def body(self, letter):
        return letter.message.get("body", "")

    @admin.action(description=_("Send the chosen failed letters again"))
    def resend(self, request, queryset):
        count = letters_resend(actor=request.user, letters=list(queryset))
        self.message_user(request, ngettext("%(n)s letter is queued again.", "%(n)s letters are queued again.",
                                            count) % {"n": count}, messages.SUCCESS if count else messages.WARNING)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Users' background imports and exports: their state and errors; a failed one can be run again."""

    list_display = ("created_at", "title", "owner", "status", "done", "total", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "owner__email")
    date_hierarchy = "created_at"
    list_select_related = ("owner",)
    exclude = ("params", "input_file", "result_file", "result")
    actions = ["restart"]

    @admin.action(description=_("Run the chosen failed jobs again"))
    def restart(self, request, queryset):
        jobs = [job for job in queryset if job.status == JobStatus.FAILED]
        for job in jobs:
            job_restart(actor=request.user, job=job)
        self.message_user(request, ngettext("%(n)s job is queued again.", "%(n)s jobs are queued again.",
                                            len(jobs)) % {"n": len(jobs)})


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "seen_at")


def _task_results_admin():
    """django-celery-results' admin of task results, with the administrator's «run again»."""
    from django_celery_results.admin import TaskResultAdmin
    from django_celery_results.models import TaskResult

    class PlatformTaskResultAdmin(TaskResultAdmin):
        actions = ["rerun"]

        def has_add_permission(self, request):
            return False

        @admin.action(description=_("Run the chosen tasks again with the same arguments"))
        def rerun(self, request, queryset):
            for result in queryset:
                task_rerun(actor=request.user, result=result)
            self.message_user(request, ngettext("%(n)s task is sent again.", "%(n)s tasks are sent again.",
                                                queryset.count()) % {"n": queryset.count()})

    if admin.site.is_registered(TaskResult):
        admin.site.unregister(TaskResult)
    admin.site.register(TaskResult, PlatformTaskResultAdmin)


_task_results_admin()


def _hide_internals() -> None:
    """What is not the administrator's business leaves the back office: Django's groups (the platform's roles
    replace them), allauth's social applications, tokens and accounts (ESIA has its own settings), allauth's
    e-mail addresses (confirmed by the invitation or the sign-up letter) and Celery's group results."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.contrib.auth.models import Group
    from django_celery_results.models import GroupResult

    for model in (Group, SocialApp, SocialToken, SocialAccount, EmailAddress, GroupResult):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_hide_internals()
