"""Celery tasks of the materials library: thin wrappers over its services."""
from celery import shared_task


@shared_task(name="learning.material_text_extract", time_limit=600, soft_time_limit=550)
def material_text_extract(version_pk: int):
    """Extract the text of a version's PDF or DOCX and index it for the search."""
    from .services import version_text_extract

    return version_text_extract(version_pk)
