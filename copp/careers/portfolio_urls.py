"""URLs of the portfolios (under /portfolio/): the learner's portfolio, public link and check pages, the
employers' search."""
from django.urls import path

from . import portfolio_views as views

app_name = "portfolio"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("about/", views.about, name="about"),
    path("items/new/", views.item_add, name="item_add"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/show/", views.item_show, name="item_show"),
    path("items/<int:pk>/delete/", views.item_remove, name="item_delete"),
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/withdraw/", views.withdraw, name="withdraw"),
    path("check-code/", views.check_renew, name="check_renew"),
    path("portfolio.pdf", views.pdf, name="pdf"),
    path("print/", views.printable, name="print"),
    path("views/", views.view_log, name="views"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/answer/", views.answer, name="answer"),
    path("link/<str:token>/", views.by_link, name="link"),
    path("check/<str:token>/", views.check, name="check"),
    path("candidates/", views.search, name="search"),
    path("candidates/<int:pk>/", views.detail, name="detail"),
    path("candidates/<int:pk>/save/", views.save, name="save"),
    path("candidates/<int:pk>/invite/", views.invite, name="invite"),
    path("candidates/saved/", views.saved, name="saved"),
]
