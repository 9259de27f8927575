from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("ny/", views.activity_create, name="create"),
    path("daekning/", views.activity_coverage, name="coverage"),
    path("institutioner/", views.institution_options, name="institution_options"),
    path("eksport.csv", views.activity_export, name="export"),
    path("import/", views.activity_import, name="import"),
    path("import/<int:pk>/", views.activity_import_job, name="import_job"),
    path("import/<int:pk>/godkend/", views.activity_import_confirm, name="import_confirm"),
    path("slettede/", views.activity_deleted, name="deleted"),
    path("slettede/<int:history_id>/gendan/", views.activity_restore, name="restore"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/rediger/", views.activity_edit, name="edit"),
    path("<int:pk>/kopier/", views.activity_duplicate, name="duplicate"),
    path("<int:pk>/slet/", views.activity_delete, name="delete"),
]
