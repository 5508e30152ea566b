"""The facet bitmaps of a revision are built by one web process and loaded by the others from the shared cache."""

import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.http import QueryDict

from initiatives import facet_index as module
from initiatives.curation import initiative_update
from initiatives.facet_index import facet_index, facet_index_forget, shared_key
from initiatives.facets import filtered_facets
from initiatives.filters import InitiativeFilterSet
from initiatives.models import Initiative
from sscatlas.settings import cache_from_url

REDIS_URL = os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.services)])
def shared_cache(request, settings, bundled):
    """The shipped shared caches: the cache table ``make serve`` uses, and Redis."""
    if request.param == "database":
        settings.CACHES = {"default": cache_from_url("dbcache://test_facet_cache")}
        call_command("createcachetable")  # inside the test's transaction: gone with it
    else:
        settings.CACHES = {"default": cache_from_url(REDIS_URL)}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def builds(monkeypatch):
    """The revisions this process builds bitmaps for."""
    built = []
    build = module._build

    def counted(revision):
        built.append(revision)
        return build(revision)

    monkeypatch.setattr(module, "_build", counted)
    return built


def facets(params: str) -> dict:
    return filtered_facets(
        InitiativeFilterSet(QueryDict(params), queryset=Initiative.objects.filter(is_active=True))
    )


def a_new_process() -> None:
    """What a web process that has not read the bitmaps yet holds: none."""
    facet_index_forget()


def test_a_second_process_loads_the_bitmaps_the_first_built_and_counts_the_same(shared_cache, builds):
    expected = {params: facets(params) for params in ["", "country=CHN", "agency=FAO&sdg=2"]}
    first = facet_index()
    a_new_process()

    loaded = facet_index()

    assert len(builds) == 1
    assert loaded is not first and loaded.revision == first.revision
    assert loaded.links == first.links and loaded.cents == first.cents
    assert {params: facets(params) for params in expected} == expected


def test_after_a_write_the_next_process_builds_the_new_revision_and_the_others_load_it(shared_cache, builds):
    call_command("setup_editors", stdout=open(os.devnull, "w"))  # noqa: SIM115
    editor = User.objects.create_user("lin", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    editor = User.objects.get(pk=editor.pk)
    before = facets("")["covid"]["true"]
    facet_index()
    initiative = Initiative.objects.filter(is_active=True, covid=False).first()

    initiative_update(initiative=initiative, user=editor, changes={"covid": True})
    a_new_process()
    after = facets("")["covid"]["true"]
    a_new_process()
    again = facets("")["covid"]["true"]

    assert (before, after, again) == (before, before + 1, before + 1)
    assert len(builds) == 2 and builds[0] != builds[1]
    # The older revision's bitmaps leave the cache when the newer ones arrive.
    assert shared_cache.get(shared_key(builds[0])) is None
    assert shared_cache.get(shared_key(builds[1])) is not None


def test_a_process_that_finds_a_build_under_way_waits_and_loads_its_bitmaps(
    shared_cache, builds, monkeypatch
):
    revision = module._revision()
    built_elsewhere = module._build(revision)
    builds.clear()
    shared_cache.add(f"{shared_key(revision)}:building", True)
    waited = []

    def the_other_process_finishes(seconds):
        waited.append(seconds)
        shared_cache.set(shared_key(revision), built_elsewhere)

    monkeypatch.setattr(module.time, "sleep", the_other_process_finishes)

    index = facet_index()

    assert builds == [] and len(waited) == 1
    assert index.links == built_elsewhere.links


def test_a_process_builds_the_bitmaps_itself_when_the_one_building_them_never_stores_them(
    shared_cache, builds, monkeypatch
):
    revision = module._revision()
    shared_cache.add(f"{shared_key(revision)}:building", True)
    monkeypatch.setattr(module, "BUILD_WAIT_SECONDS", 0.3)

    index = facet_index()

    assert builds == [revision] and index.revision == revision
    a_new_process()
    assert facet_index().links == index.links and builds == [revision]


def test_a_cache_of_one_process_holds_no_second_copy_of_the_bitmaps(bundled, builds):
    from django.core.cache import cache

    index = facet_index()

    assert cache.get(shared_key(index.revision)) is None and len(builds) == 1
