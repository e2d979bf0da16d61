from django.urls import include, path

from annotations import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The same page under the name the base layout and LOGOUT_REDIRECT_URL use.
    path("", views.dashboard, name="home"),
    path("articles/new/", views.article_new, name="article-new"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/claims/", views.claim_create, name="claim-create"),
    path("claims/<int:pk>/", views.claim_panel, name="claim-panel"),
    path("claims/<int:pk>/rebound/", views.claim_rebound, name="claim-rebound"),
    path("claims/<int:pk>/split/", views.claim_split, name="claim-split"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim-merge"),
    path("claims/<int:pk>/dismiss/", views.claim_dismiss, name="claim-dismiss"),
    path("claims/<int:pk>/restore/", views.claim_restore, name="claim-restore"),
    path("claims/<int:pk>/kind/", views.claim_kind, name="claim-kind"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim-submit"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/citations/", views.citation_add, name="citation-add"),
    path(
        "claims/<int:pk>/citations/edit/",
        views.citation_update,
        name="citation-update",
    ),
    path("claims/<int:pk>/rating/", views.rating_set, name="rating-set"),
    path("citations/<int:pk>/remove/", views.citation_remove, name="citation-remove"),
    path("sources/search/", views.source_search, name="source-search"),
    path("gaps/", include("annotations.gap_urls")),
    path("healthz", views.healthz, name="healthz"),
]
