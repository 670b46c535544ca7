"""Private files (scans of passports and diplomas, job results) leave only through views that checked access."""
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

# nginx's internal location (deploy/nginx.conf): reachable only through X-Accel-Redirect from the app.
ACCEL_PREFIX = "/protected-media/"


def private_file_response(field_file, *, filename: str | None = None, content_type: str | None = None,
                          as_attachment: bool = True, cache_control: str = "private, no-store") -> HttpResponse:
    """The stored file as a response, once the caller checked access: in production an empty response whose
    X-Accel-Redirect lets nginx send the bytes from its internal location (nginx serves no private file by
    its public path); elsewhere a FileResponse streamed by Django."""
    content_type = content_type or "application/octet-stream"
    if getattr(settings, "COPP_PRIVATE_FILES_ACCEL", False):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = ACCEL_PREFIX + quote(field_file.name)
        disposition = "attachment" if as_attachment else "inline"
        if filename:
            # RFC 6266: an ASCII fallback and the real (often Cyrillic) name.
            ascii_name = filename.encode("ascii", "ignore").decode() or "file"
            ascii_name = ascii_name.replace('"', "").replace("\\", "")
            disposition += f'; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(filename)}'
        response["Content-Disposition"] = disposition
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=as_attachment,
                                filename=filename or "")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response
