from django.urls import path

from . import views
from .pages import programmes

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/history/", views.initiative_history, name="initiative_history"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<str:code>/", views.agency_detail, name="agency"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:iso3>/", views.country_detail, name="country"),
    path("regions/", views.region_list, name="regions"),
    path("regions/<slug:code>/", views.region_detail, name="region"),
    path("sdgs/", views.sdg_list, name="sdgs"),
    path("sdgs/<int:number>/", views.sdg_detail, name="sdg"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:code>/", views.theme_detail, name="theme"),
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/<str:code>/", programmes.programme_detail, name="programme"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("about/", views.about, name="about"),
]
