from django.urls import include, path

from desk import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The same page under the name the base layout and LOGOUT_REDIRECT_URL use.
    path("", views.dashboard, name="home"),
    path("articles/new/", views.article_new, name="article-new"),
    path("articles/new/metadata/", views.article_metadata, name="article-metadata"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/claims/", views.claim_create, name="claim-create"),
    path("articles/<int:pk>/table/", views.claim_table_page, name="claim-table"),
    path(
        "articles/<int:pk>/table/bulk/",
        views.claim_table_bulk,
        name="claim-table-bulk",
    ),
    path(
        "articles/<int:pk>/activity/", views.article_activity, name="article-activity"
    ),
    path(
        "articles/<int:pk>/blind-review/",
        views.article_blind_review,
        name="article-blind-review",
    ),
    path(
        "articles/<int:pk>/language/",
        views.article_language,
        name="article-language",
    ),
    path("claims/<int:pk>/", views.claim_panel, name="claim-panel"),
    path("claims/<int:pk>/history/", views.claim_timeline, name="claim-timeline"),
    path("claims/<int:pk>/rebound/", views.claim_rebound, name="claim-rebound"),
    path("claims/<int:pk>/split/", views.claim_split, name="claim-split"),
    path("claims/<int:pk>/carve/", views.claim_carve, name="claim-carve"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim-merge"),
    path("claims/<int:pk>/dismiss/", views.claim_dismiss, name="claim-dismiss"),
    path("claims/<int:pk>/restore/", views.claim_restore, name="claim-restore"),
    path("claims/<int:pk>/kind/", views.claim_kind, name="claim-kind"),
    path(
        "claims/<int:pk>/attribution/",
        views.claim_attribution,
        name="claim-attribution",
    ),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim-submit"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim-withdraw"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim-approve"),
    path("claims/<int:pk>/return/", views.claim_return, name="claim-return"),
    path("claims/<int:pk>/reopen/", views.claim_reopen, name="claim-reopen"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/comments/", views.comment_add, name="comment-add"),
    path("claims/<int:pk>/citations/", views.citation_add, name="citation-add"),
    path(
        "claims/<int:pk>/citations/edit/",
        views.citation_update,
        name="citation-update",
    ),
    path("claims/<int:pk>/rating/", views.rating_set, name="rating-set"),
    path("claims/<int:pk>/rating/remove/", views.rating_remove, name="rating-remove"),
    path("citations/<int:pk>/remove/", views.citation_remove, name="citation-remove"),
    path("sources/search/", views.source_search, name="source-search"),
    path("", include("desk.sourcing_urls")),
    path("review/", views.review_queue, name="review-queue"),
    path("desk/", views.desk_stats, name="desk-stats"),
    path("account/tokens/", views.api_tokens, name="account-tokens"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/open/",
        views.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/read-all/",
        views.notifications_read_all,
        name="notifications-read-all",
    ),
    path("gaps/", include("desk.gap_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
