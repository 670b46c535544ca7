"""Root URL configuration."""
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("copp.api.urls")),
    path("cabinet/", include("copp.accounts.urls")),
    path("organizations/", include("copp.organizations.urls")),
    path("resources/", include("copp.resources.urls")),
    path("", include("copp.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "copp.portal.views.error_403"
handler404 = "copp.portal.views.error_404"
handler500 = "copp.portal.views.error_500"
