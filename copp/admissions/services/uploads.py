"""The life of uploaded scans in storage: a replaced or abandoned file is deleted, never kept (152-ФЗ)."""
import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from ..models import ApplicationDocument

DRAFT_UPLOAD_TTL = datetime.timedelta(hours=24)


def _storage():
    return ApplicationDocument._meta.get_field("file").storage


def delete_stored(name: str) -> None:
    """Delete a stored file now (a missing one is not an error)."""
    if name:
        _storage().delete(name)


def delete_on_commit(name: str) -> None:
    """Delete a stored file once the transaction that dropped its row has committed."""
    if name:
        transaction.on_commit(partial(delete_stored, name))


def draft_uploads_purge(*, older_than: datetime.timedelta = DRAFT_UPLOAD_TTL, dry_run: bool = False) -> dict:
    """Delete draft scans (no application holds them) uploaded before `older_than` ago, and stored files under
    the uploads folder that no row references and that are as old (left by a crash between save and commit).
    Returns {"documents": n, "orphans": n}."""
    cutoff = timezone.now() - older_than
    drafts = ApplicationDocument.objects.filter(application__isnull=True, uploaded_at__lt=cutoff)
    documents = 0
    for document in drafts.iterator():
        documents += 1
        if not dry_run:
            with transaction.atomic():
                ApplicationDocument.objects.filter(pk=document.pk, application__isnull=True).delete()
                delete_on_commit(document.file.name)
    storage = _storage()
    folder = ApplicationDocument._meta.get_field("file").upload_to.folder
    orphans = 0
    try:
        _dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        files = []
    names = [f"{folder}/{filename}" for filename in files]
    # One query for the whole folder rather than one per file.
    referenced = set(ApplicationDocument.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names:
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):  # gone meanwhile, or a storage without times
            continue
        if modified < cutoff:
            orphans += 1
            if not dry_run:
                storage.delete(name)
    return {"documents": documents, "orphans": orphans}
