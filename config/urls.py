"""Root URL configuration."""
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # The language switch is on every page, including public ones.
    # Only the switch form posts here: a GET would change nothing and only redirect.
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    path("api/", include("copp.api.urls")),
    path("cabinet/", include("copp.accounts.urls")),
    path("organizations/", include("copp.organizations.urls")),
    path("resources/", include("copp.resources.urls")),
    path("training/", include("copp.training.urls")),
    path("learning/", include("copp.learning.urls")),
    path("programs/", include("copp.programs.urls")),
    path("reviews/", include("copp.reviews.urls")),
    path("events/", include("copp.events.urls")),
    path("applications/", include("copp.admissions.urls")),
    path("surveys/", include("copp.surveys.urls")),
    path("career/", include("copp.surveys.career_urls")),
    path("vacancies/", include("copp.careers.urls")),
    path("directories/", include("copp.directories.urls")),
    path("portfolio/", include("copp.careers.portfolio_urls")),
    path("consultations/", include("copp.careers.consultation_urls")),
    path("jobs/", include("copp.core.urls")),
    path("monitoring/", include("copp.analytics.urls")),
    path("", include("copp.portal.urls")),
]
if settings.DEBUG:
    # Only the public uploads (the branding logo) have a public address, as behind nginx; every private
    # file goes through its view's access check (copp.core.files.private_file_response).
    urlpatterns += static(settings.MEDIA_URL + "branding/", document_root=settings.MEDIA_ROOT / "branding")

handler403 = "copp.portal.views.error_403"
handler404 = "copp.portal.views.error_404"
handler500 = "copp.portal.views.error_500"
