"""Stored files follow their records: a deleted photo's files go once the deletion is
committed (never on a rollback), a replaced logo's old file goes, a shared file stays."""

import pytest
from django.db import transaction

from activities.models import ActivityPhoto
from tests.helpers import factories
from tests.helpers.activities import image_bytes, upload
from tests.helpers.admin import admin_form_data

pytestmark = pytest.mark.django_db


def exists(field_file):
    return field_file.storage.exists(field_file.name)


def test_a_photo_deleted_in_the_admin_takes_its_files_with_it(staff_client, django_capture_on_commit_callbacks):
    photo = factories.ActivityPhotoFactory()
    image, thumbnail = photo.image, photo.thumbnail

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/activities/activityphoto/{photo.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not ActivityPhoto.objects.exists()
    assert not exists(image) and not exists(thumbnail)


def test_a_town_photo_deleted_in_the_admin_takes_its_file_with_it(staff_client, django_capture_on_commit_callbacks):
    photo = factories.TownPhotoFactory()
    image = photo.image

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/towns/townphoto/{photo.pk}/delete/", {"post": "yes"})

    assert not exists(image)


def test_a_deletion_rolled_back_keeps_the_files(django_capture_on_commit_callbacks):
    photo = factories.ActivityPhotoFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            ActivityPhoto.objects.get(pk=photo.pk).delete()
            raise RuntimeError("the deletion fails later on")

    assert callbacks == []
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
    assert exists(photo.image) and exists(photo.thumbnail)


def test_a_file_another_photo_shares_is_kept_until_the_last_one_goes(django_capture_on_commit_callbacks):
    first = factories.ActivityPhotoFactory()
    second = factories.ActivityPhotoFactory(activity=first.activity)
    ActivityPhoto.objects.filter(pk=second.pk).update(image=first.image.name, thumbnail=first.thumbnail.name)

    with django_capture_on_commit_callbacks(execute=True):
        ActivityPhoto.objects.get(pk=first.pk).delete()
    assert exists(first.image) and exists(first.thumbnail)

    with django_capture_on_commit_callbacks(execute=True):
        ActivityPhoto.objects.get(pk=second.pk).delete()
    assert not exists(first.image) and not exists(first.thumbnail)


def test_a_replaced_logo_takes_the_old_file_with_it(staff_client, django_capture_on_commit_callbacks):
    organization = factories.SocialOrganizationFactory()
    url = f"/admin/organizations/socialorganization/{organization.pk}/change/"
    for _ in range(2):
        data = admin_form_data(staff_client, url)
        data["logo"] = upload("logo.png", image_bytes("PNG"), "image/png")
        with django_capture_on_commit_callbacks(execute=True):
            assert staff_client.post(url, data).status_code == 302
        organization.refresh_from_db()
        if _ == 0:
            first = organization.logo.name

    assert organization.logo.name != first
    assert exists(organization.logo)
    assert not organization.logo.storage.exists(first)
