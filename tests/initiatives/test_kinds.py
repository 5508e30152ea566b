"""The registry of entity kinds agrees with the models, the reference files and the bundled reports."""

import pytest

from initiatives.kinds import KINDS, LINKS, kind_filtered_by, kind_linked_as, kind_of
from initiatives.models import LOCKABLE_FIELDS, Evidence, Initiative, Paragraph
from initiatives.reference.files import reference_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", KINDS, ids=[kind.code for kind in KINDS])
class TestEachKind:
    def test_its_links_join_initiatives_and_paragraphs_to_its_model(self, kind):
        for owner in (Initiative, Paragraph):
            assert owner._meta.get_field(kind.links).related_model is kind.model

    def test_every_entity_of_its_reference_file_is_stored_under_its_natural_key(self, kind):
        keys = {row[kind.key] for row in reference_rows(kind.reference_file)}
        stored = set(kind.model.objects.filter(**{f"{kind.key}__in": keys}).values_list(kind.key, flat=True))
        assert keys and stored == keys

    def test_the_bundled_reports_link_initiatives_to_it_with_evidence_of_its_field(self, kind):
        assert kind.evidence in Evidence.Field.values
        linked = kind.model.objects.filter(initiatives__isnull=False).distinct()
        assert linked.exists()
        evidenced = Evidence.objects.filter(field=kind.evidence).values_list("value", flat=True)
        assert {str(getattr(entity, kind.key)) for entity in linked} & set(evidenced)

    def test_a_record_shows_its_key_first_and_loads_what_it_shows(self, kind):
        shown = kind.record_fields or (kind.key,)
        assert shown[0] == kind.key
        assert set(shown) <= set(kind.loaded_fields)

    def test_it_is_found_by_its_code_its_links_and_its_parameter(self, kind):
        assert kind_of(kind.code) is kind_linked_as(kind.links) is kind_filtered_by(kind.parameter) is kind

    def test_an_editor_can_lock_it_when_it_is_lockable(self, kind):
        assert (kind.links in LOCKABLE_FIELDS) is kind.lockable


def test_the_kinds_are_the_six_of_the_reference_data_in_their_order():
    assert LINKS == ("agencies", "countries", "regions", "sdgs", "themes", "programmes")


def test_a_name_that_is_no_kind_is_refused():
    with pytest.raises(KeyError):
        kind_of("organisation")
