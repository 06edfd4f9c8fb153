import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, Pairing
from organizations.models import District, SocialOrganization
from organizations.validators import make_credit_code
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from portal.models import Announcement, Exhibit
from towns.models import CharacteristicTown, TownHighlight, TownPhoto, Township


def _credit_code(n):
    # 社会团体 registered in 越秀区; a 9-character body made from the sequence number.
    return make_credit_code("1", District.YUEXIU.value, f"MJ{n:07d}")


class SocialOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialOrganization

    name = factory.Sequence(lambda n: f"广州市测试协会{n}")
    credit_code = factory.Sequence(_credit_code)
    org_type = SocialOrganization.Type.SOCIETY
    level = SocialOrganization.Level.DISTRICT
    district = District.YUEXIU
    legal_representative = "张三"
    registered_on = datetime.date(2015, 5, 1)
    registered_funds = Decimal("30000.00")
    party_member_count = 5
    contact_phone = "020-83000000"
    description = "测试用社会组织。"


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试党支部{n}")
    kind = PartyOrganization.Kind.BRANCH
    formation = PartyOrganization.Formation.ALONE
    district = District.YUEXIU
    founded_on = datetime.date(2018, 7, 1)
    secretary_name = "李四"
    full_members = 5
    probationary_members = 1
    contact_phone = "13800000000"

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [SocialOrganizationFactory()]
        self.organizations.add(*extracted)


class StarRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StarRating

    party_organization = factory.SubFactory(PartyOrganizationFactory)
    year = 2020
    stars = 4


class DemonstrationSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemonstrationSite

    party_organization = factory.SubFactory(PartyOrganizationFactory)
    level = DemonstrationSite.Level.MUNICIPAL
    year = 2020
    title = factory.Sequence(lambda n: f"市级党建工作示范点{n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    date = datetime.date(2020, 7, 1)
    title = factory.Sequence(lambda n: f"大事{n}")


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    kind = Pairing.Kind.RED_ALLIANCE
    party_organization = factory.SubFactory(PartyOrganizationFactory)
    partner_name = factory.Sequence(lambda n: f"越秀区某社区党委{n}")
    started_on = datetime.date(2020, 1, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"我为群众办实事志愿服务{n}")
    kind = Activity.Kind.VOLUNTEER
    organizer = factory.SubFactory(PartyOrganizationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    district = District.YUEXIU
    street = "农林街"
    place = "农林街社区服务中心"
    party_members = 10
    volunteers = 15
    service_minutes = 180
    people_served = 200
    funds = Decimal("1000.00")
    description = "党员志愿者上门服务群众。"
    state = Activity.State.PUBLISHED

    class Params:
        # One trait per review state, with the timestamps the workflow would have set:
        # ActivityFactory(submitted=True), or ActivityFactory(**{state.value: True}).
        draft = factory.Trait(state=Activity.State.DRAFT)
        submitted = factory.Trait(state=Activity.State.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))
        returned = factory.Trait(
            state=Activity.State.RETURNED,
            submitted_at=factory.LazyFunction(timezone.now),
            review_reason="请补充活动照片的说明。",
        )
        published = factory.Trait(
            state=Activity.State.PUBLISHED,
            submitted_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )
        offline = factory.Trait(
            state=Activity.State.OFFLINE,
            submitted_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )


class ActivityPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityPhoto

    activity = factory.SubFactory(ActivityFactory)
    image = factory.django.ImageField(width=64, height=48, color="red", format="JPEG")
    thumbnail = factory.django.ImageField(width=32, height=24, color="red", format="JPEG")
    caption = "志愿者合影"


class CharacteristicTownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharacteristicTown

    name = factory.Sequence(lambda n: f"测试小镇{n}")
    slug = factory.Sequence(lambda n: f"test-town-{n}")
    township = Township.LIANGKOU
    summary = "测试小镇概述"
    on_provincial_list = True
    provincial_list_year = 2021
    launched_year = 2016
    latitude = Decimal("23.700000")
    longitude = Decimal("113.700000")


class TownPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownPhoto

    town = factory.SubFactory(CharacteristicTownFactory)
    image = factory.django.ImageField(width=64, height=48, color="green", format="JPEG")
    caption = "小镇风光"


class TownHighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownHighlight

    town = factory.SubFactory(CharacteristicTownFactory)
    title = factory.Sequence(lambda n: f"活动{n}")
    year = 2019


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"通知公告{n}")
    body = "各社会组织党组织：\n\n现将有关事项通知如下。"
    issuer = "广州市社会组织管理局"
    published_on = factory.LazyFunction(timezone.localdate)
    is_published = True


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibit

    hall = "seed"
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"展品{n}")
    narrative = "2020年7月1日，广州市社会组织党建展览馆正式开放。\n\n并创新上线“云展馆”。"
    figure = Exhibit.Figure.PARTY_ORGANIZATIONS
    motif = Exhibit.Motif.SEED
    source = "《社会组织党建“广州样本”这样炼就》"
    is_published = True
