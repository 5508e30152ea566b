from django.urls import path

from .pages import documents, entities, home, lists, programmes, records, versions

urlpatterns = [
    path("", home.home, name="home"),
    path("initiatives/", lists.initiative_list, name="initiatives"),
    path("initiatives/<int:pk>/", records.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/history/", records.initiative_history, name="initiative_history"),
    path("agencies/", entities.agency_list, name="agencies"),
    path("agencies/<str:code>/", entities.agency_detail, name="agency"),
    path("countries/", entities.country_list, name="countries"),
    path("countries/<str:iso3>/", entities.country_detail, name="country"),
    path("regions/", entities.region_list, name="regions"),
    path("regions/<slug:code>/", entities.region_detail, name="region"),
    path("sdgs/", entities.sdg_list, name="sdgs"),
    path("sdgs/<int:number>/", entities.sdg_detail, name="sdg"),
    path("themes/", entities.theme_list, name="themes"),
    path("themes/<slug:code>/", entities.theme_detail, name="theme"),
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/<str:code>/", programmes.programme_detail, name="programme"),
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path("documents/<int:pk>/versions/", versions.document_side_by_side, name="document_versions"),
    path("about/", home.about, name="about"),
]
