"""The load run's secretary writers read the real forms as a browser does, and its check
(scripts/load_check.py) notices an activity that is missing, doubled or not as sent."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from activities.models import Activity
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _script(name):
    spec = importlib.util.spec_from_file_location(
        f"load_script_{name}", Path(settings.BASE_DIR) / "scripts" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load_forms = _script("load_forms")
load_check = _script("load_check")


def _read_form(client, url, wanted):
    response = client.get(url)
    assert response.status_code == 200
    parser = load_forms.FormParser(wanted)
    parser.feed(response.content.decode())
    parser.close()
    assert parser.found
    return parser


def _new_activity_form(client, branch_b):
    """The new-activity page as the load run's writer fills it in."""
    parser = _read_form(client, reverse("my:activity_create"), load_forms.is_activity_form)
    form = parser.fields
    form.update(
        {
            "title": ["压测填报活动 “我为群众办实事” & <社区>"],
            "kind": [parser.options["kind"][-1]],
            "pairing": [parser.options["pairing"][-1]],
            "co_organizers": [str(branch_b.pk)],
            "starts_at": ["2024-03-05T09:15"],
            "ends_at": ["2024-03-05T11:45"],
            "district": ["440111"],
            "party_members": ["7"],
            "volunteers": ["12"],
            "service_hours": ["2"],
            "service_minutes_part": ["30"],
            "people_served": ["88"],
            "funds": ["1234.56"],
            "description": ["第一段。\n第二段。"],
            "action": ["draft"],
        }
    )
    return parser, form


def _run_check(tmp_path, written, usernames):
    results = tmp_path / "written.json"
    results.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps({"secretaries": [{"username": name} for name in usernames]}), encoding="utf-8")
    return load_check.main(results, targets)


@pytest.fixture
def written_draft(client_a, secretary_a, branch_a, branch_b):
    """A draft created through the real form, and what the writer records of it."""
    factories.PairingFactory(party_organization=branch_a)
    _, form = _new_activity_form(client_a, branch_b)
    response = client_a.post(reverse("my:activity_create"), form)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert response.url == reverse("my:activity_detail", args=[activity.pk])
    return activity, {
        "pk": activity.pk,
        "username": secretary_a.username,
        "state": "draft",
        "fields": load_forms.record_of(form),
        "photos": 0,
    }


def test_writer_reads_the_new_activity_form_as_a_browser_sends_it(client_a, branch_a, branch_b):
    parser = _read_form(client_a, reverse("my:activity_create"), load_forms.is_activity_form)

    assert parser.fields["organizer"] == [str(branch_a.pk)]
    assert parser.fields["kind"] == [Activity.Kind.VOLUNTEER]
    assert parser.fields["district"] == [""]
    assert parser.fields["submission_key"][0]
    assert parser.fields["csrfmiddlewaretoken"][0]
    # The header's sign-out form is not the one read.
    assert "title" in parser.fields
    assert parser.types["new_photos"] == "file"


def test_the_check_passes_for_what_was_sent(tmp_path, capsys, written_draft, secretary_a):
    activity, entry = written_draft

    assert _run_check(tmp_path, [entry], [secretary_a.username]) == 0
    assert "0 problems" in capsys.readouterr().out
    assert activity.co_organizers.count() == 1
    assert activity.pairing is not None


def test_edit_form_shows_what_was_saved_and_an_edit_passes_the_check(tmp_path, client_a, secretary_a, written_draft):
    activity, entry = written_draft
    url = reverse("my:activity_edit", args=[activity.pk])
    form = _read_form(client_a, url, load_forms.is_activity_form).fields

    assert load_forms.record_of(form) == entry["fields"]
    assert form["version"] == [str(activity.version)]

    form.update(title=[form["title"][0] + "（第1次修改）"], funds=["0.05"], co_organizers=[], action=["submit"])
    assert client_a.post(url, form).status_code == 302
    entry.update(fields=load_forms.record_of(form), state="submitted")

    assert _run_check(tmp_path, [entry], [secretary_a.username]) == 0


def test_submit_button_form_is_found_by_its_action(client_a, written_draft):
    activity, _ = written_draft
    submit_url = reverse("my:activity_submit", args=[activity.pk])
    parser = _read_form(client_a, reverse("my:activity_detail", args=[activity.pk]), load_forms.action_is(submit_url))

    assert parser.fields["version"] == [str(activity.version)]
    assert client_a.post(submit_url, parser.fields).status_code == 302
    activity.refresh_from_db()
    assert activity.state == Activity.State.SUBMITTED


def test_the_check_reports_a_record_that_differs_from_what_was_sent(tmp_path, capsys, written_draft, secretary_a):
    activity, entry = written_draft
    Activity.objects.filter(pk=activity.pk).update(funds="1234.50", state=Activity.State.SUBMITTED)

    assert _run_check(tmp_path, [entry], [secretary_a.username]) == 1
    out = capsys.readouterr().out
    assert "funds is Decimal('1234.50'), sent Decimal('1234.56')" in out
    assert "state 'submitted', expected 'draft'" in out


def test_the_check_reports_doubles_extras_and_missing_ones(tmp_path, capsys, written_draft, secretary_a, branch_a):
    activity, entry = written_draft
    factories.ActivityFactory(organizer=branch_a, created_by=secretary_a, title=activity.title)
    missing = {**entry, "pk": activity.pk + 1000}

    assert _run_check(tmp_path, [entry, missing], [secretary_a.username]) == 1
    out = capsys.readouterr().out
    assert "2 activities are titled" in out
    assert f"activity {activity.pk + 1000}: missing" in out
    assert "1 activities by the secretaries that no confirmed write made" in out


def test_the_check_fails_when_nothing_was_written(tmp_path, secretary_a):
    assert _run_check(tmp_path, [], [secretary_a.username]) == 1
