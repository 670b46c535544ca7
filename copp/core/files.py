"""Private files (scans of passports and diplomas, job results) leave only through views that checked access."""
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect

# nginx's internal location (deploy/nginx.conf): reachable only through X-Accel-Redirect from the app.
ACCEL_PREFIX = "/protected-media/"


def private_file_response(field_file, *, filename: str | None = None, content_type: str | None = None,
                          as_attachment: bool = True, cache_control: str = "private, no-store") -> HttpResponse:
    """The stored file as a response, once the caller checked access: in production an empty response whose
    X-Accel-Redirect lets nginx send the bytes from its internal location (nginx serves no private file by
    its public path); from an object store (S3_BUCKET) a redirect to a short-lived signed link when
    COPP_PRIVATE_FILES_SIGNED is on; otherwise a FileResponse streamed by Django (from disk or the store)."""
    content_type = content_type or "application/octet-stream"
    on_disk = isinstance(field_file.storage, FileSystemStorage)
    disposition = "attachment" if as_attachment else "inline"
    if filename:
        # RFC 6266: an ASCII fallback and the real (often Cyrillic) name.
        ascii_name = filename.encode("ascii", "ignore").decode() or "file"
        ascii_name = ascii_name.replace('"', "").replace("\\", "")
        disposition += f'; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(filename)}'
    if on_disk and getattr(settings, "COPP_PRIVATE_FILES_ACCEL", False):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = ACCEL_PREFIX + quote(field_file.name)
        response["Content-Disposition"] = disposition
    elif not on_disk and getattr(settings, "COPP_PRIVATE_FILES_SIGNED", False):
        # An object store's short-lived signed link (S3_SIGNED_URL_SECONDS): the bytes skip the app server.
        response = HttpResponseRedirect(field_file.storage.url(field_file.name, parameters={
            "ResponseContentDisposition": disposition, "ResponseContentType": content_type}))
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=as_attachment,
                                filename=filename or "")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response
