"""Every image upload goes through the same cleaning, the admin's included: activity and
town photos, organization logos lose their EXIF, are real JPEG/PNG/WebP within the limits,
and are stored re-encoded as JPEG under a random name."""

import io

import pytest
from PIL import Image

from activities.models import ActivityPhoto
from organizations.models import SocialOrganization
from tests.helpers import factories
from tests.helpers.activities import image_bytes, jpeg_with_gps, png_header_only, upload
from towns.models import TownPhoto

pytestmark = pytest.mark.django_db

PERSONAL_NAME = "张三-440104199001011234.jpg"


def stored_image(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def add_activity_photo(client, activity, file):
    return client.post(
        "/admin/activities/activityphoto/add/",
        {"activity": activity.pk, "image": file, "caption": "现场", "position": 1},
    )


def assert_clean(field_file):
    assert field_file.name.endswith(".jpg")
    assert "张三" not in field_file.name and "440104" not in field_file.name
    image = stored_image(field_file)
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0


def test_a_photo_added_in_the_admin_loses_its_gps_and_gets_a_thumbnail(staff_client):
    activity = factories.ActivityFactory()

    response = add_activity_photo(staff_client, activity, upload(PERSONAL_NAME, jpeg_with_gps()))

    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert_clean(photo.image)
    assert_clean(photo.thumbnail)
    assert (photo.width, photo.height) == stored_image(photo.image).size


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("animated.jpg", image_bytes("GIF"), "不是 JPEG、PNG 或 WebP"),
        ("huge.png", png_header_only(9000, 9000), "4000 万像素"),
        ("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1), "10 MB"),
    ],
)
def test_the_admin_refuses_what_the_secretary_form_refuses(staff_client, name, content, reason, settings):
    activity = factories.ActivityFactory()

    response = add_activity_photo(staff_client, activity, upload(name, content))

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_a_town_photo_added_in_the_admin_is_cleaned(staff_client):
    town = factories.CharacteristicTownFactory()

    response = staff_client.post(
        "/admin/towns/townphoto/add/",
        {"town": town.pk, "image": upload(PERSONAL_NAME, jpeg_with_gps()), "caption": "", "credit": "", "position": 0},
    )

    assert response.status_code == 302
    assert_clean(TownPhoto.objects.get().image)


def test_an_organization_logo_is_cleaned_and_never_keeps_the_uploaded_name(staff_client):
    from tests.helpers.admin import admin_form_data

    organization = factories.SocialOrganizationFactory()
    url = f"/admin/organizations/socialorganization/{organization.pk}/change/"
    data = admin_form_data(staff_client, url)
    data["logo"] = upload("张三-440104199001011234.png", image_bytes("PNG", exif=jpeg_exif_with_gps()), "image/png")

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    organization.refresh_from_db()
    assert organization.logo.name.startswith("organizations/logos/")
    assert_clean(organization.logo)


def jpeg_exif_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif.get_ifd(0x8825)[2] = (23.0, 8.0, 0.0)
    return exif.tobytes()


def test_model_field_of_every_image_is_the_cleaned_one():
    from uploads.images import CleanedImageField

    fields = [
        ActivityPhoto._meta.get_field("image"),
        TownPhoto._meta.get_field("image"),
        SocialOrganization._meta.get_field("logo"),
    ]
    assert all(isinstance(field, CleanedImageField) for field in fields)
