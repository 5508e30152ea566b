"""Curation on the bundled reports: editors' changes are recorded, shown, permitted only to editors,
and survive re-extraction while everything they did not touch is refreshed."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from initiatives import curation
from initiatives.kinds import LINKS, kind_linked_as
from initiatives.models import Amount, ChangeRecord, Country, Initiative, Paragraph

pytestmark = pytest.mark.django_db


def _paragraph(number: int) -> Paragraph:
    return Paragraph.objects.get(document__symbol="A/76/403", number=number)


def _initiative(number: int, order: int = 1) -> Initiative:
    return Initiative.objects.get(paragraph=_paragraph(number), order=order)


def _codes(initiative: Initiative, relation: str) -> list:
    key = kind_linked_as(relation).key
    return sorted(getattr(e, key) for e in getattr(initiative, relation).all())


def _active(paragraph: Paragraph) -> list[Initiative]:
    return list(paragraph.initiatives.filter(is_active=True).order_by("start"))


def _reextract() -> None:
    call_command("ingest", "--reextract", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def editor(bundled):
    call_command("setup_editors", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.create_user("mei", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def outsider(bundled):
    # Staff, so the admin lets them in, but in no group and with no permission.
    return User.objects.create_user("visitor", password="x", is_staff=True)


class TestReextraction:
    def test_every_edit_survives_reextraction_and_untouched_fields_are_refreshed(self, editor):
        solar = _initiative(32)
        assert (solar.title.startswith("开发署"), solar.climate, solar.covid) == (True, True, False)
        assert _codes(solar, "countries") == ["CHN", "ETH", "LKA"]
        curation.initiative_update(
            initiative=solar,
            user=editor,
            changes={
                "title": "斯里兰卡农产品加工业可持续能源项目",
                "countries": list(Country.objects.filter(iso3__in=["CHN", "LKA"])),
                "covid": True,
                "funding_usd": Decimal("250000"),
            },
        )
        curation.paragraph_kind_set(paragraph=_paragraph(30), user=editor, kind="recommendation")
        # Fields no editor touched, spoiled by hand: re-extraction must bring them back.
        Initiative.objects.filter(pk=solar.pk).update(climate=False, modality="")
        solar.agencies.clear()
        unep = _initiative(33)
        unep_title = unep.title
        Initiative.objects.filter(pk=unep.pk).update(title="spoiled", covid=True)
        unep.countries.clear()
        Paragraph.objects.filter(pk=_paragraph(31).pk).update(kind="initiative")

        _reextract()

        solar = Initiative.objects.get(pk=solar.pk)
        assert solar.title == "斯里兰卡农产品加工业可持续能源项目"
        assert _codes(solar, "countries") == ["CHN", "LKA"]
        assert solar.covid is True
        assert solar.funding_usd == Decimal("250000")
        assert solar.review == Initiative.Review.REVIEWED
        assert sorted(solar.locked_fields) == ["countries", "covid", "funding", "title"]
        assert (solar.climate, solar.modality, _codes(solar, "agencies")) == (True, "triangular", ["UNDP"])
        assert _paragraph(30).kind == "recommendation"
        assert _paragraph(31).kind == "context"
        unep = Initiative.objects.get(pk=unep.pk)
        assert (unep.title, unep.covid, unep.review) == (unep_title, False, Initiative.Review.MACHINE)
        assert _codes(unep, "countries") == ["MRT", "NPL", "SYC"]

    def test_split_merge_add_and_deactivate_all_survive_reextraction(self, editor):
        solar = _initiative(32)
        at = solar.paragraph.text.index("该项目")
        first, second = curation.initiative_split(initiative=solar, user=editor, at=at)
        covid_pair = [_initiative(12, 1), _initiative(12, 2)]
        merged = curation.initiatives_merge(first=covid_pair[0], second=covid_pair[1], user=editor)
        context = _paragraph(30)
        added = curation.initiative_add(
            paragraph=context, user=editor, start=0, end=context.text.index("。") + 1, title="新增的倡议"
        )
        dropped = _initiative(33)
        curation.initiative_deactivate(initiative=dropped, user=editor, reason="只是背景")

        _reextract()

        assert [(i.pk, i.start, i.end) for i in _active(_paragraph(32))] == [
            (first.pk, 0, at),
            (second.pk, at, len(solar.paragraph.text)),
        ]
        assert not Initiative.objects.get(pk=solar.pk).is_active
        assert [i.pk for i in _active(_paragraph(12))] == [merged.pk, _initiative(12, 3).pk]
        assert (merged.start, merged.end) == (0, 93)
        assert [(i.pk, i.title) for i in _active(context)] == [(added.pk, "新增的倡议")]
        assert _active(_paragraph(33)) == []

    def test_a_corrected_amount_and_the_funding_it_makes_survive_reextraction(self, editor):
        fund = Initiative.objects.get(paragraph=_paragraph(14), order=2)
        amount = fund.amounts.get()
        assert (amount.amount_usd, fund.funding_usd) == (Decimal("4000000.00"), Decimal("4000000.00"))
        curation.amount_update(amount=amount, user=editor, changes={"amount_usd": Decimal("4500000")})

        _reextract()

        fund = Initiative.objects.get(pk=fund.pk)
        assert fund.funding_usd == Decimal("4500000.00")
        assert list(fund.amounts.values_list("pk", "amount_usd")) == [(amount.pk, Decimal("4500000.00"))]
        assert "funding" in fund.locked_fields
        record = ChangeRecord.objects.get(amount=amount, field="amount.amount_usd")
        assert (record.before, record.after) == ("4000000.00", "4500000.00")

    def test_an_editor_who_calls_donated_goods_funding_makes_them_count(self, editor):
        supplies = Initiative.objects.get(paragraph=_paragraph(20), text__startswith="全球南南发展中心项目")
        amount = supplies.amounts.get()
        assert (amount.kind, amount.is_funding, supplies.funding_usd) == ("in_kind", False, None)
        curation.amount_update(amount=amount, user=editor, changes={"kind": "funding"})
        amount.refresh_from_db()
        supplies.refresh_from_db()
        assert (amount.kind, amount.is_funding, amount.kind_words) == ("funding", True, "")
        assert supplies.funding_usd == Decimal("3364000.00")


class TestServices:
    def test_each_changed_field_is_recorded_with_who_when_before_and_after(self, editor):
        solar = _initiative(32)
        curation.initiative_update(
            initiative=solar,
            user=editor,
            changes={
                "countries": list(Country.objects.filter(iso3="CHN")),
                "covid": True,
                "climate": True,  # unchanged: no record, no lock
                "years": [2021, 2020],
            },
        )
        records = {r.field: r for r in ChangeRecord.objects.filter(initiative=solar)}
        assert sorted(records) == ["countries", "covid", "years"]
        assert (records["countries"].before, records["countries"].after) == (["CHN", "ETH", "LKA"], ["CHN"])
        assert (records["covid"].before, records["covid"].after) == (False, True)
        assert records["years"].after == [2020, 2021]
        assert {(r.user, r.username, r.action) for r in records.values()} == {(editor, "mei", "edit")}
        assert all(r.at is not None for r in records.values())
        assert (
            Initiative.objects.get(pk=solar.pk).year_min,
            Initiative.objects.get(pk=solar.pk).year_max,
        ) == (
            2020,
            2021,
        )

    def test_an_unchanged_value_changes_nothing(self, editor):
        solar = _initiative(32)
        curation.initiative_update(
            initiative=solar, user=editor, changes={"title": solar.title, "covid": False}
        )
        solar.refresh_from_db()
        assert (solar.review, solar.locked_fields, solar.changes.count()) == ("machine", [], 0)

    def test_a_split_divides_links_by_where_their_evidence_lies(self, editor):
        solar = _initiative(32)
        at = solar.paragraph.text.index("该项目")
        first, second = curation.initiative_split(initiative=solar, user=editor, at=at)
        assert first.text + second.text == solar.text
        assert (_codes(first, "agencies"), _codes(first, "countries")) == (["UNDP"], ["CHN", "ETH", "LKA"])
        # UNDP and the countries are read in the first sentence only; energy in both.
        assert (_codes(second, "agencies"), _codes(second, "countries")) == ([], [])
        assert "energy" in _codes(second, "themes") and second.climate
        assert second.modality == ""  # 三边合作 is in the first sentence
        assert first.order > curation.EDITOR_ORDER_BASE and second.order == first.order + 1
        assert second.title == "该项目使参加者能够在国际一级参与并合作转让可再生能源技术"
        split = ChangeRecord.objects.get(initiative=solar)
        assert (split.action, split.after["into"], split.after["at"]) == ("split", [first.pk, second.pk], at)
        assert ChangeRecord.objects.get(initiative=second).before == {"from": solar.pk}

    def test_each_half_of_a_split_keeps_its_goals_with_their_words_cited_apart(self, editor):
        unesco = _initiative(18)
        at = unesco.paragraph.text.index("关于阻碍实现")
        first, second = curation.initiative_split(initiative=unesco, user=editor, at=at)
        cited = [list(half.sdgs_cited.values_list("number", flat=True)) for half in (first, second)]
        assert cited == [[], [4]]
        assert {(r["number"], r["source"]) for r in second.sdg_evidence} >= {(4, "cited")}
        assert all(at <= r["start"] for r in second.sdg_evidence)
        assert all(r["source"] == "inferred" and r["end"] <= at for r in first.sdg_evidence)

    def test_a_split_outside_the_initiative_is_refused(self, editor):
        solar = _initiative(32)
        with pytest.raises(ValidationError):
            curation.initiative_split(initiative=solar, user=editor, at=solar.end)
        assert Initiative.objects.get(pk=solar.pk).is_active

    def test_a_merge_joins_links_flags_and_amounts(self, editor):
        first, second = _initiative(14, 1), _initiative(14, 2)
        merged = curation.initiatives_merge(first=second, second=first, user=editor)
        assert (merged.start, merged.end, merged.title) == (first.start, second.end, first.title)
        assert _codes(merged, "countries") == ["CHN"] and _codes(merged, "agencies") == ["IFAD"]
        assert merged.funding_usd == Decimal("4000000.00")
        assert list(merged.amounts.values_list("amount_usd", flat=True)) == [Decimal("4000000.00")]
        assert sorted(
            r.after["into"] for r in ChangeRecord.objects.filter(initiative__in=[first, second])
        ) == [
            merged.pk,
            merged.pk,
        ]

    def test_initiatives_of_different_paragraphs_cannot_be_merged(self, editor):
        with pytest.raises(ValidationError):
            curation.initiatives_merge(first=_initiative(32), second=_initiative(33), user=editor)

    def test_an_added_initiative_starts_from_the_evidence_in_its_span(self, editor):
        paragraph = _paragraph(32)
        added = curation.initiative_add(
            paragraph=paragraph, user=editor, start=0, end=18, title="开发署与三国", changes={"covid": True}
        )
        assert _codes(added, "agencies") == ["UNDP"]
        assert _codes(added, "countries") == ["CHN", "ETH", "LKA"]
        assert (added.covid, added.climate, added.text) == (True, False, paragraph.text[:18])
        assert ChangeRecord.objects.get(initiative=added).action == "add"

    def test_an_added_initiative_lists_after_its_paragraphs_others_and_before_the_next_paragraph(
        self, editor
    ):
        added = curation.initiative_add(
            paragraph=_paragraph(32), user=editor, start=0, end=18, title="开发署"
        )
        listed = list(Initiative.objects.filter(is_active=True).values_list("pk", "paragraph__number"))
        at = [pk for pk, _ in listed].index(added.pk)
        assert listed[at - 1][1] == 32 and listed[at + 1][1] == 33

    def test_a_deactivated_initiative_leaves_the_public_list_and_the_api(self, editor, client):
        dropped = _initiative(33)
        curation.initiative_deactivate(initiative=dropped, user=editor, reason="只是背景")
        assert client.get(f"/initiatives/{dropped.pk}/").status_code == 404
        assert client.get(f"/api/v1/initiatives/{dropped.pk}/").status_code == 404
        record = ChangeRecord.objects.get(initiative=dropped)
        assert (record.action, record.before, record.after, record.note) == (
            "deactivate",
            True,
            False,
            "只是背景",
        )

    def test_a_user_outside_editors_cannot_use_the_services(self, outsider):
        solar = _initiative(32)
        with pytest.raises(PermissionDenied):
            curation.initiative_update(initiative=solar, user=outsider, changes={"covid": True})
        with pytest.raises(PermissionDenied):
            curation.initiative_deactivate(initiative=solar, user=outsider, reason="x")
        assert not Initiative.objects.get(pk=solar.pk).covid and not ChangeRecord.objects.exists()

    def test_setting_up_editors_twice_gives_the_same_permissions_and_no_deletion(self, editor):
        call_command("setup_editors", stdout=open("/dev/null", "w"))  # noqa: SIM115
        codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
        assert {"change_initiative", "add_initiative", "change_paragraph", "view_changerecord"} <= codenames
        assert not {c for c in codenames if c.startswith("delete_")}
        assert "change_agency" not in codenames


class TestPages:
    def test_the_history_page_lists_who_changed_which_field_from_what_to_what(self, editor, client):
        solar = _initiative(32)
        curation.initiative_update(
            initiative=solar, user=editor, changes={"countries": list(Country.objects.filter(iso3="CHN"))}
        )
        curation.paragraph_kind_set(paragraph=solar.paragraph, user=editor, kind="context")
        page = client.get(f"/initiatives/{solar.pk}/history/").content.decode()
        assert "mei" in page and "countries" in page and "CHN、ETH、LKA" in page
        assert "kind" in page and "initiative" in page
        assert "Reviewed by an editor" in page or "编辑" in page

    def test_the_history_of_a_split_initiative_links_to_its_parts(self, editor, client):
        solar = _initiative(32)
        first, second = curation.initiative_split(
            initiative=solar, user=editor, at=solar.paragraph.text.index("该项目"), titles=("甲", "乙")
        )
        page = client.get(f"/initiatives/{solar.pk}/history/").content.decode()
        assert f"/initiatives/{first.pk}/history/" in page and f"/initiatives/{second.pk}/history/" in page

    def test_the_api_shows_and_filters_the_review_status(self, editor, client):
        solar = _initiative(32)
        curation.initiative_update(initiative=solar, user=editor, changes={"covid": True})
        assert client.get(f"/api/v1/initiatives/{solar.pk}/").json()["review"] == "reviewed"
        reviewed = client.get("/api/v1/initiatives/?review=reviewed").json()
        assert [r["id"] for r in reviewed["results"]] == [solar.pk]
        machine = client.get("/api/v1/initiatives/?review=machine").json()
        assert machine["count"] == Initiative.objects.filter(is_active=True).count() - 1


def _change_form_data(initiative: Initiative, **values) -> dict:
    data = {
        "title": initiative.title,
        "modality": initiative.modality,
        "years": ", ".join(str(y) for y in initiative.years),
        "funding_usd": "" if initiative.funding_usd is None else str(initiative.funding_usd),
        "amounts-TOTAL_FORMS": "0",
        "amounts-INITIAL_FORMS": "0",
        "amounts-MIN_NUM_FORMS": "0",
        "amounts-MAX_NUM_FORMS": "1000",
    }
    for name in LINKS:
        data[name] = [str(pk) for pk in getattr(initiative, name).values_list("pk", flat=True)]
    for flag in ("covid", "climate"):
        if getattr(initiative, flag):
            data[flag] = "on"
    return data | values


class TestAdmin:
    def test_an_editor_saves_the_change_form_through_the_services(self, editor, client):
        solar = _initiative(32)
        client.force_login(editor)
        url = f"/admin/initiatives/initiative/{solar.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200
        assert '<mark class="hl hl-agency"' in page.content.decode()
        response = client.post(url, _change_form_data(solar, title="新标题", covid="on"))
        assert response.status_code == 302
        solar = Initiative.objects.get(pk=solar.pk)
        assert (solar.title, solar.covid, sorted(solar.locked_fields)) == ("新标题", True, ["covid", "title"])
        assert sorted(ChangeRecord.objects.filter(initiative=solar).values_list("field", flat=True)) == [
            "covid",
            "title",
        ]

    def test_an_editor_sets_a_paragraph_kind_in_the_admin(self, editor, client):
        paragraph = _paragraph(30)
        client.force_login(editor)
        url = f"/admin/initiatives/paragraph/{paragraph.pk}/change/"
        assert client.post(url, {"kind": "recommendation"}).status_code == 302
        paragraph.refresh_from_db()
        assert (paragraph.kind, paragraph.kind_locked) == ("recommendation", True)
        assert ChangeRecord.objects.get(paragraph=paragraph).after == "recommendation"

    def test_an_editor_splits_merges_and_deactivates_in_the_admin(self, editor, client):
        client.force_login(editor)
        solar = _initiative(32)
        at = solar.paragraph.text.index("该项目")
        split_url = f"/admin/initiatives/initiative/{solar.pk}/split/"
        assert str(at) in client.get(split_url).content.decode()
        response = client.post(split_url, {"at": str(at), "first_title": "甲", "second_title": ""})
        assert response.status_code == 302
        assert [i.title[:1] for i in _active(_paragraph(32))] == ["甲", "该"]

        changelist = "/admin/initiatives/initiative/"
        pair = [str(_initiative(12, 1).pk), str(_initiative(12, 2).pk)]
        client.post(changelist, {"action": "merge_selected", "_selected_action": pair})
        assert len(_active(_paragraph(12))) == 2

        dropped = _initiative(33)
        ask = client.post(changelist, {"action": "deactivate_selected", "_selected_action": [dropped.pk]})
        assert "reason" in ask.content.decode() and Initiative.objects.get(pk=dropped.pk).is_active
        client.post(
            changelist,
            {
                "action": "deactivate_selected",
                "_selected_action": [dropped.pk],
                "apply": "yes",
                "reason": "背景",
            },
        )
        assert not Initiative.objects.get(pk=dropped.pk).is_active

    def test_the_admin_list_filters_by_review_status(self, editor, client):
        solar = _initiative(32)
        curation.initiative_update(initiative=solar, user=editor, changes={"title": "已审阅的倡议"})
        client.force_login(editor)
        reviewed = client.get("/admin/initiatives/initiative/?review__exact=reviewed").content.decode()
        machine = client.get("/admin/initiatives/initiative/?review__exact=machine").content.decode()
        assert "已审阅的倡议" in reviewed and "已审阅的倡议" not in machine
        assert _initiative(33).title in machine and _initiative(33).title not in reviewed

    def test_nobody_outside_editors_can_change_anything_in_the_admin(self, outsider, client):
        solar, amount = _initiative(32), Amount.objects.filter(initiative__isnull=False).first()
        paragraph = solar.paragraph
        urls = [
            f"/admin/initiatives/initiative/{solar.pk}/change/",
            f"/admin/initiatives/initiative/{solar.pk}/split/",
            "/admin/initiatives/initiative/add/",
            f"/admin/initiatives/paragraph/{paragraph.pk}/change/",
            f"/admin/initiatives/amount/{amount.pk}/change/",
        ]
        posts = {
            urls[0]: _change_form_data(solar, title="x", covid="on"),
            urls[1]: {"offset": str(solar.start + 5), "first_title": "x"},
            urls[2]: {"paragraph": str(paragraph.pk), "start": "0", "end": "5", "title": "x"},
            urls[3]: {"kind": "context"},
            urls[4]: {"amount_usd": "1", "initiative": str(amount.initiative_id)},
        }
        merge = {"action": "merge_selected", "_selected_action": [solar.pk, _initiative(33).pk]}
        for url in urls:
            assert client.get(url).status_code == 302  # anonymous: to the login page
            assert client.post(url, posts[url]).status_code == 302
        assert client.post("/admin/initiatives/initiative/", merge).status_code == 302
        client.force_login(outsider)
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, posts[url]).status_code == 403
        assert client.post("/admin/initiatives/initiative/", merge).status_code == 403
        assert not ChangeRecord.objects.exists()
        solar = Initiative.objects.get(pk=solar.pk)
        assert (solar.title != "x", solar.covid, solar.is_active) == (True, False, True)
        assert Initiative.objects.filter(title="x").count() == 0
        assert Paragraph.objects.get(pk=paragraph.pk).kind == "initiative"

    def test_an_editor_adds_an_initiative_and_corrects_an_amount_in_the_admin(self, editor, client):
        client.force_login(editor)
        paragraph = _paragraph(32)
        response = client.post(
            "/admin/initiatives/initiative/add/",
            {"paragraph": str(paragraph.pk), "start": "0", "end": "18", "title": "开发署与三国"},
        )
        added = Initiative.objects.get(title="开发署与三国")
        assert response["Location"] == f"/admin/initiatives/initiative/{added.pk}/change/"
        assert (
            _codes(added, "countries") == ["CHN", "ETH", "LKA"] and added.order > curation.EDITOR_ORDER_BASE
        )

        fund = Initiative.objects.get(paragraph=_paragraph(14), order=2)
        amount = fund.amounts.get()
        data = _change_form_data(fund) | {
            "amounts-TOTAL_FORMS": "1",
            "amounts-INITIAL_FORMS": "1",
            "amounts-0-id": str(amount.pk),
            "amounts-0-initiative": str(fund.pk),
            "amounts-0-amount": str(amount.amount),
            "amounts-0-currency": amount.currency,
            "amounts-0-amount_usd": "5000000",
            "amounts-0-kind": amount.kind,
            "amounts-0-is_funding": "on",
        }
        assert client.post(f"/admin/initiatives/initiative/{fund.pk}/change/", data).status_code == 302
        fund = Initiative.objects.get(pk=fund.pk)
        assert (fund.funding_usd, fund.locked_fields) == (Decimal("5000000.00"), ["funding"])
        assert sorted(ChangeRecord.objects.filter(initiative=fund).values_list("field", flat=True)) == [
            "amount.amount_usd",
            "funding_usd",
        ]

    def test_an_editor_sees_and_corrects_an_amount_s_kind_in_the_initiative_form(self, editor, client):
        client.force_login(editor)
        fund = Initiative.objects.get(paragraph=_paragraph(14), order=2)
        amount = fund.amounts.get()
        url = f"/admin/initiatives/initiative/{fund.pk}/change/"
        assert 'name="amounts-0-kind"' in client.get(url).content.decode()
        data = _change_form_data(fund) | {
            "amounts-TOTAL_FORMS": "1",
            "amounts-INITIAL_FORMS": "1",
            "amounts-0-id": str(amount.pk),
            "amounts-0-initiative": str(fund.pk),
            "amounts-0-amount": str(amount.amount),
            "amounts-0-currency": amount.currency,
            "amounts-0-amount_usd": str(amount.amount_usd),
            "amounts-0-kind": "in_kind",
            "amounts-0-is_funding": "on" if amount.is_funding else "",
        }
        assert client.post(url, data).status_code == 302
        assert fund.amounts.get().kind == "in_kind"
        assert "amount.kind" in ChangeRecord.objects.filter(initiative=fund).values_list("field", flat=True)

    def test_every_admin_page_an_editor_uses_opens_with_the_source_beside_it(self, editor, client):
        client.force_login(editor)
        fund = Initiative.objects.get(paragraph=_paragraph(14), order=2)
        curation.initiative_update(initiative=fund, user=editor, changes={"covid": False})
        beside = [
            f"/admin/initiatives/initiative/{fund.pk}/change/",
            f"/admin/initiatives/initiative/{fund.pk}/split/",
            f"/admin/initiatives/paragraph/{fund.paragraph_id}/change/",
            f"/admin/initiatives/amount/{fund.amounts.get().pk}/change/",
        ]
        for url in beside:
            page = client.get(url).content.decode()
            assert 'class="curation-source"' in page and '<mark class="hl hl-amount"' in page, url
        lists = [
            "/admin/initiatives/initiative/?review__exact=reviewed&covid__exact=0&is_active__exact=1",
            "/admin/initiatives/initiative/?q=农发基金",
            "/admin/initiatives/initiative/add/",
            "/admin/initiatives/paragraph/?kind__exact=initiative",
            "/admin/initiatives/changerecord/",
            "/admin/initiatives/agency/",
            "/admin/initiatives/document/",
            f"/initiatives/{fund.pk}/history/",
        ]
        for url in lists:
            assert client.get(url).status_code == 200, url
        assert client.get("/admin/initiatives/changerecord/add/").status_code == 403
        assert client.get("/admin/initiatives/agency/add/").status_code == 403
