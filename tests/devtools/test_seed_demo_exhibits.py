"""seed_demo's exhibits and notices: the article's, each one saying where it comes from."""

import pytest
from django.utils import timezone

from activities.models import Activity
from devtools.demo.exhibits import ANNOUNCEMENTS, EXHIBITS
from devtools.demo.statistics import SOCIAL_ARTICLE
from portal.models import Announcement, Exhibit
from tests.helpers.seeding import run_seed

pytestmark = pytest.mark.django_db


def test_every_hall_gets_the_articles_exhibits_in_order_with_their_source(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    run_seed(scale=0.01, verbosity=0)
    for hall in ["seed", "sapling", "forest"]:
        exhibits = list(Exhibit.objects.for_hall(hall))
        assert [e.order for e in exhibits] == list(range(1, len(exhibits) + 1)) and len(exhibits) >= 5
        # Neighbouring panels never share a drawing.
        motifs = [e.motif for e in exhibits]
        assert all(a != b for a, b in zip(motifs, motifs[1:], strict=False)), motifs
        assert all(e.source == SOCIAL_ARTICLE for e in exhibits)
    assert Exhibit.objects.count() == len(EXHIBITS)
    assert Activity.objects.published().filter(featured_hall="forest").exists()


def test_the_demo_notices_report_the_articles_events_and_say_they_are_demo_content(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    run_seed(scale=0.01, verbosity=0)
    notices = Announcement.objects.published()
    assert notices.count() == len(ANNOUNCEMENTS)
    for notice in notices:
        assert notice.paragraphs()[-1].startswith("（演示内容，摘自报道")
        assert notice.published_on <= timezone.localdate()
    opening = notices.get(title__contains="云展馆")
    assert opening.published_on.isoformat() == "2020-07-01"
    run_seed(scale=0.01, verbosity=0)
    assert Announcement.objects.count() == len(ANNOUNCEMENTS)
