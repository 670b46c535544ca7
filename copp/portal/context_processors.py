"""Template context for every page: branding, the cabinet menu, low-vision settings."""


def platform(request):
    return {}
