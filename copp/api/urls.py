"""/api/v1/: routers over the viewsets, the caller, the OpenAPI schema with Swagger UI and Redoc."""
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from copp.admissions.api import register as register_applications
from copp.analytics.api import register as register_analytics
from copp.careers.api import register as register_careers
from copp.directories.models import DICTIONARIES
from copp.events.api import register as register_events
from copp.learning.materials.api import register as register_materials
from copp.programs.api import register as register_programs
from copp.surveys.api import register as register_surveys
from copp.training.api import register as register_training

from .views import MeView, OrganizationViewSet, dictionary_viewset

app_name = "api"

# URL prefix of each dictionary; a dictionary added to DICTIONARIES gets its prefix here.
DICTIONARY_PREFIXES = {
    "Competency": "competencies",
    "Profession": "professions",
    "ProgramKind": "program-kinds",
    "EducationLevel": "education-levels",
    "StudyForm": "study-forms",
    "FundingSource": "funding-sources",
    "Region": "regions",
    "Municipality": "municipalities",
    "LessonType": "lesson-types",
    "GradeScale": "grade-scales",
    "AttendanceStatus": "attendance-statuses",
}


class PublicAPIRootView(APIRootView):
    permission_classes = [AllowAny]


class ApiRouter(DefaultRouter):
    """Exempts its views from LoginRequiredMiddleware: in the API, DRF's permission classes deny by
    default (IsAuthenticated in settings) and public viewsets opt out with AllowAny; a redirect to the
    login page would mean nothing to an integrator."""

    include_format_suffixes = False
    APIRootView = PublicAPIRootView

    def get_urls(self):
        urls = super().get_urls()
        for pattern in urls:
            login_not_required(pattern.callback)
        return urls


router = ApiRouter()
for model in DICTIONARIES:
    prefix = DICTIONARY_PREFIXES[model.__name__]
    router.register(prefix, dictionary_viewset(model), basename=prefix)
router.register("organizations", OrganizationViewSet, basename="organization")
# The domain apps' own endpoints (each app keeps its serializers and viewsets in api.py).
register_programs(router)
register_events(router)
register_applications(router)
register_training(router)
register_surveys(router)
register_careers(router)
register_analytics(router)
register_materials(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", include("copp.resources.api_urls")),
    path("v1/me/", login_not_required(MeView.as_view()), name="me"),
    path("v1/schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    # The documentation pages come from drf-spectacular's templates: Swagger UI loads its start-up script as
    # a file (the split view); both keep a small inline <style>, and Redoc its inline start-up script and a
    # blob: worker, allowed on these two pages only (they show no personal data).
    # The Swagger page speaks Russian: its own template (api/swagger_ui.html) with a header and a script that
    # translates Swagger UI's labels.
    path("v1/docs/", login_not_required(csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"))),
        name="swagger-ui"),
    path("v1/redoc/", login_not_required(csp_update({
        "style-src": [UNSAFE_INLINE], "script-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
        SpectacularRedocView.as_view(url_name="api:schema"))), name="redoc"),
]
