"""Organisation users change a listing section by section, check only what changed and send it; other
organisations' services stay hidden."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from directory.models import Membership, Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import form_fields, open_edit_form, save_section
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database


@pytest.fixture
def own_service(rollback_app_session, editor):
    organization = create_organization(rollback_app_session, name="Heaton Helpers")
    service = create_service(
        rollback_app_session,
        name="Heaton Pantry",
        description="<p>Food for anyone.</p><p>No referral needed.</p>",
        organization=organization,
    )
    rollback_app_session.add(
        Membership(user_id=editor.id, organization_id=organization.id, role="org_editor")
    )
    rollback_app_session.commit()
    return service.id


def _form(name="Heaton Food Pantry", **extra):
    return {"name": name, "description": "Food for anyone.", "email": "", "url": "", **extra}


def _revisions():
    return database.session.scalars(select(ServiceRevision).order_by(ServiceRevision.created_at)).all()


def _send(client, url):
    return client.post(url, data=open_edit_form(client, url))


def test_the_editor_starts_with_a_short_list_of_sections(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    page = signed_in.get(url)
    assert page.status_code == 200
    check_page(page.data)
    html = page.get_data(as_text=True)
    for slug in (
        "about",
        "contact",
        "address",
        "opening-times",
        "costs",
        "who",
        "languages",
        "neighbourhoods",
    ):
        assert f'href="{url}/{slug}"' in html
        section = signed_in.get(f"{url}/{slug}")
        assert section.status_code == 200, slug
        check_page(section.data)
    assert signed_in.get(f"{url}/no-such-section").status_code == 404


def test_a_phone_and_a_saturday_session_are_checked_then_sent_and_the_editor_lands_off_edit(
    signed_in, own_service
):
    url = f"/portal/services/{own_service}/edit"
    signed_in.get(url)
    saved = save_section(signed_in, url, "contact", phone="0161 496 0123")
    assert saved.status_code == 303 and saved.headers["Location"] == f"{url}/check"
    saved = save_section(signed_in, url, "opening-times", SA_opens="1000", SA_closes="13.30")
    assert saved.status_code == 303
    check = signed_in.get(f"{url}/check")
    check_page(check.data)
    html = check.get_data(as_text=True)
    assert "Phone numbers" in html and "0161 496 0123" in html and "Saturday 10:00–13:30" in html
    assert "Name" not in html.split("<dl", 1)[1].split("</dl>", 1)[0]  # only what changed
    assert 'class="task-list__item"' not in html
    sent = signed_in.post(url, data=form_fields(html))
    assert sent.status_code == 303
    assert sent.headers["Location"] == f"/portal/services/{own_service}/sent"
    landed = signed_in.get(sent.headers["Location"])
    check_page(landed.data)
    text = landed.get_data(as_text=True)
    assert "sent for checking" in text and "Phone numbers" in text and "Opening times" in text
    (revision,) = _revisions()
    assert revision.status == "pending"
    assert sorted(json.loads(revision.changes)) == ["opening_times", "phones"]
    assert json.loads(revision.changes)["opening_times"]["SA"] == [["10:00", "13:30"]]
    assert "Heaton Pantry" in signed_in.get(f"/services/{own_service}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("09:00", "09:00"), ("9:00", "09:00"), ("0900", "09:00"), ("1000", "10:00"), ("9.30", "09:30")],
)
def test_times_are_typed_as_text_in_the_usual_ways(signed_in, own_service, typed, stored):
    url = f"/portal/services/{own_service}/edit"
    page = signed_in.get(f"{url}/opening-times").get_data(as_text=True)
    assert 'type="time"' not in page and 'id="SA_opens" name="SA_opens" type="text"' in page
    assert save_section(signed_in, url, "opening-times", SU_opens=typed, SU_closes="17:00").status_code == 303
    shown = form_fields(signed_in.get(f"{url}/opening-times").get_data(as_text=True))
    assert shown["SU_opens"] == stored


def test_a_time_that_is_not_one_gets_a_clear_error_and_is_not_kept(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    response = save_section(signed_in, url, "opening-times", SA_opens="25:00", SA_closes="13:00")
    assert response.status_code == 400
    check_page(response.data)
    html = response.get_data(as_text=True)
    assert '<a href="#SA_opens">Enter the Saturday opening time in hours and minutes, like 09:00</a>' in html
    assert 'value="25:00"' in html and 'aria-invalid="true"' in html
    assert "You have not changed anything yet" in signed_in.get(f"{url}/check").get_data(as_text=True)


def test_sessions_are_added_copied_and_removed_with_buttons_and_no_javascript(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit/opening-times"
    form = form_fields(signed_in.get(url).get_data(as_text=True))
    assert (form["MO_opens"], form["MO_closes"]) == ("09:00", "17:00")
    form["add"] = "MO"
    added = signed_in.post(url, data=form)
    assert added.status_code == 200
    form = form_fields(added.get_data(as_text=True))
    assert "MO_opens_2" in form
    form["MO_opens_2"], form["MO_closes_2"] = "18:00", "20:00"
    form.update({"copy": "1", "copy_from": "MO", "copy_to": "SA"})
    copied = form_fields(signed_in.post(url, data=form).get_data(as_text=True))
    assert (copied["SA_opens"], copied["SA_opens_2"], copied["SA_closes_2"]) == ("09:00", "18:00", "20:00")
    copied["remove"] = "SA-0"
    removed = form_fields(signed_in.post(url, data=copied).get_data(as_text=True))
    assert removed["SA_opens"] == "18:00" and "SA_opens_2" not in removed
    assert signed_in.post(url, data=removed).status_code == 303
    assert _revisions() == []  # nothing is sent until the editor sends it


def test_closures_use_day_month_and_year_boxes(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    page = signed_in.get(f"{url}/closures")
    check_page(page.data)
    assert 'type="date"' not in page.get_data(as_text=True)
    wrong = save_section(signed_in, url, "closures", closure_0_starts="31", closure_0_starts_month="2",
                         closure_0_starts_year="2027")  # fmt: skip
    assert wrong.status_code == 400
    assert "Enter the first day of the closure as a real date" in wrong.get_data(as_text=True)
    right = save_section(signed_in, url, "closures", closure_0_starts="24", closure_0_starts_month="12",
                         closure_0_starts_year="2027", closure_0_reason="Christmas")  # fmt: skip
    assert right.status_code == 303
    assert _send(signed_in, url).status_code == 303
    assert json.loads(_revisions()[0].changes)["closures"] == [
        {"starts_on": "2027-12-24", "ends_on": "2027-12-24", "reason": "Christmas"}
    ]


def test_the_description_is_edited_as_plain_paragraphs_and_typed_markup_stays_text(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    page = signed_in.get(f"{url}/about").get_data(as_text=True)
    assert "&lt;p&gt;" not in page and "<p>Food" not in page
    assert form_fields(page)["description"] == "Food for anyone.\n\nNo referral needed."
    unchanged = save_section(signed_in, url, "about")
    assert unchanged.status_code == 303
    assert "You have not changed anything yet" in signed_in.get(f"{url}/check").get_data(as_text=True)
    typed = "Food for anyone.\n\nBring a bag <script>alert(1)</script>"
    assert save_section(signed_in, url, "about", description=typed).status_code == 303
    assert _send(signed_in, url).status_code == 303
    stored = json.loads(_revisions()[0].changes)["description"]
    assert "<script>" not in stored and "&lt;script&gt;" in stored and stored.startswith("<p>Food")


def test_a_change_waiting_for_checking_is_what_the_editor_shows_and_sending_replaces_it(
    signed_in, own_service
):
    url = f"/portal/services/{own_service}/edit"
    assert save_section(signed_in, url, "about", name="Heaton Food Pantry").status_code == 303
    assert _send(signed_in, url).status_code == 303
    (first,) = _revisions()
    page = signed_in.get(url)
    html = page.get_data(as_text=True)
    assert "are waiting for checking." in html and "You are continuing them" in html
    assert form_fields(signed_in.get(f"{url}/about").get_data(as_text=True))["name"] == "Heaton Food Pantry"
    assert save_section(signed_in, url, "contact", phone="0161 496 0456").status_code == 303
    check = signed_in.get(f"{url}/check").get_data(as_text=True)
    assert "Heaton Food Pantry" in check and "0161 496 0456" in check
    assert _send(signed_in, url).status_code == 303
    (pending,) = [r for r in _revisions() if r.status == "pending"]
    assert pending.id != first.id and sorted(json.loads(pending.changes)) == ["name", "phones"]


def test_field_errors_on_sending_are_shown_in_plain_words_and_nothing_is_stored(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    response = signed_in.post(
        url, data={**open_edit_form(signed_in, url), **_form(name="ab", url="ftp://x.org")}
    )
    assert response.status_code == 400
    check_page(response.data)
    text = response.get_data(as_text=True)
    assert "Enter a name between 3 and 200 characters long" in text
    assert f'href="{url}/about#url"' in text
    assert database.session.scalars(select(ServiceRevision)).all() == []


def test_the_sent_page_without_a_send_goes_to_the_listing(signed_in, own_service):
    response = signed_in.get(f"/portal/services/{own_service}/sent")
    assert response.status_code == 303 and response.headers["Location"] == f"/portal/services/{own_service}"


def test_discarding_forgets_the_draft(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    save_section(signed_in, url, "contact", phone="0161 496 0456")
    token = csrf_token(signed_in, url)
    assert signed_in.post(f"{url}/discard", data={"csrf_token": token}).status_code == 303
    assert form_fields(signed_in.get(f"{url}/contact").get_data(as_text=True))["phone"] == "0161 496 0000"


def test_an_editor_of_another_organisation_guessing_the_id_gets_404_and_nothing_changes(
    client, rollback_app_session, own_service
):
    other = create_organization(rollback_app_session, name="Other Group")
    create_user(rollback_app_session, email="other@example.org", organizations=((other, "org_editor"),))
    rollback_app_session.commit()
    assert sign_in(client, email="other@example.org").status_code == 303
    url = f"/portal/services/{own_service}/edit"
    for path in (url, f"{url}/about", f"{url}/check", f"/portal/services/{own_service}/sent"):
        assert client.get(path).status_code == 404
    token = csrf_token(client, "/portal/password-reset")  # any form: the session's token
    assert client.post(url, data={"csrf_token": token, **_form()}).status_code == 404
    assert client.post(f"{url}/about", data={"csrf_token": token, **_form()}).status_code == 404
    assert client.get("/portal/services/no-such-service/edit").status_code == 404
    assert database.session.scalars(select(ServiceRevision)).all() == []
    assert database.session.get(Service, own_service).name == "Heaton Pantry"


def test_an_edit_without_a_csrf_token_is_refused_and_nothing_is_stored(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    assert signed_in.post(url, data=_form()).status_code == 400
    assert signed_in.post(f"{url}/about", data=_form()).status_code == 400
    assert database.session.scalars(select(ServiceRevision)).all() == []
