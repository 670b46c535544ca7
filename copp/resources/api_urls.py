"""Routes of the resources API, included by the api app under /api/v1/ (names: api:resources-<kind>-list)."""
from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import SimpleRouter

from .api import VIEWSETS

# URL segment of each kind under /api/v1/resources/.
PREFIXES = {"site": "sites", "equipment": "equipment", "tool": "tools", "software": "software",
            "consumable": "consumables", "staff": "staff", "ict": "ict", "reference": "reference"}

router = SimpleRouter()
router.include_format_suffixes = False
for code, viewset in VIEWSETS.items():
    router.register(f"resources/{PREFIXES[code]}", viewset, basename=f"resources-{code}")

# DRF's permission classes answer API callers (401/403); LoginRequiredMiddleware's redirect to the
# sign-in page would mean nothing to an integrator.
urlpatterns = router.urls
for _pattern in urlpatterns:
    login_not_required(_pattern.callback)
