"""The portal's own records: the one site-settings record and the announcements the public may read."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import Announcement, SiteSettings
from tests.helpers import factories


def test_the_site_settings_record_exists_after_migrating_and_names_the_sponsor(db):
    record = SiteSettings.current()
    assert record.pk == 1 and record.sponsor == "广州市社会组织管理局"
    assert SiteSettings.objects.count() == 1


def test_saving_another_site_settings_record_updates_the_one_record(db):
    SiteSettings(sponsor="另一主办单位").save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.current().sponsor == "另一主办单位"


def test_database_refuses_a_second_site_settings_row(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.bulk_create([SiteSettings(pk=2, sponsor="多余")])


def test_current_without_a_record_is_blank_and_saves_nothing(db):
    SiteSettings.objects.all().delete()
    record = SiteSettings.current()
    assert record.sponsor == "" and record.icp_number == ""
    assert not SiteSettings.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("psb_record_code", "4401-04", "公安备案编号只能由数字组成。"), ("postcode", "51000", "邮政编码应为6位数字。")],
)
def test_site_settings_refuse_malformed_codes_in_chinese(db, field, value, message):
    record = SiteSettings.current()
    setattr(record, field, value)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict[field] == [message]


def test_public_announcements_are_published_and_dated_today_or_before(db):
    today = timezone.localdate()
    shown = factories.AnnouncementFactory(published_on=today)
    older = factories.AnnouncementFactory(published_on=today - datetime.timedelta(days=3))
    factories.AnnouncementFactory(is_published=False)
    factories.AnnouncementFactory(published_on=today + datetime.timedelta(days=1))
    assert list(Announcement.objects.published().for_list()) == [shown, older]


def test_announcement_paragraphs_split_on_blank_lines(db):
    announcement = factories.AnnouncementFactory(body="第一段\r\n续行\r\n\r\n\r\n第二段\n\n  ")
    assert announcement.paragraphs() == ["第一段\n续行", "第二段"]


def test_announcement_changes_keep_history_with_the_user(db, staff_user):
    announcement = factories.AnnouncementFactory()
    announcement._history_user = staff_user
    announcement.title = "更正后的标题"
    announcement.save()
    latest = announcement.history.first()
    assert latest.title == "更正后的标题" and latest.history_user == staff_user
