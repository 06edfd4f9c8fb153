"""Photo uploads: only real JPEG/PNG/WebP within the limits; cleaned before they are stored."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from activities.models import Activity, ActivityPhoto
from tests.helpers.activities import (
    activity_form_data,
    edit_form_data,
    image_bytes,
    jpeg_with_gps,
    make_photo,
    png_header_only,
    snapshot,
    upload,
)
from uploads import images

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("my:activity_create")


def post_new_activity(client, branch, *files, **overrides):
    data = activity_form_data(branch, title="保留的标题", **overrides)
    data["new_photos"] = list(files)
    return client.post(CREATE_URL, data)


def assert_rejected(response, file_name, reason):
    assert response.status_code == 200
    errors = response.context["form"].errors["new_photos"]
    assert any(file_name in error and reason in error for error in errors), errors
    page = response.content.decode()
    assert reason in page
    # Everything else typed is still there.
    assert 'value="保留的标题"' in page
    assert "党员志愿者为辖区居民提供义诊" in page
    assert not Activity.objects.exists()
    assert not ActivityPhoto.objects.exists()


def stored_files(settings):
    root = settings.MEDIA_ROOT
    import pathlib

    return sorted(str(p.relative_to(root)) for p in pathlib.Path(root).rglob("*") if p.is_file())


def test_decompression_bomb_is_rejected(client_a, branch_a, settings):
    bomb = png_header_only(30000, 30000)  # 900 megapixels claimed in a few dozen bytes
    response = post_new_activity(client_a, branch_a, upload("bomb.png", bomb, "image/png"))
    assert_rejected(response, "bomb.png", "4000 万像素")
    assert stored_files(settings) == []


def test_fifty_megapixel_image_is_rejected(client_a, branch_a):
    big = image_bytes("PNG", size=(10000, 5000), mode="1", color=1)
    assert len(big) < images.MAX_UPLOAD_BYTES
    response = post_new_activity(client_a, branch_a, upload("fifty-mp.png", big, "image/png"))
    assert_rejected(response, "fifty-mp.png", "4000 万像素")


def test_pillow_limit_matches_forty_megapixels():
    assert Image.MAX_IMAGE_PIXELS == 40_000_000


def test_eleven_megabyte_file_is_rejected(client_a, branch_a):
    # A real JPEG, padded past the limit.
    content = image_bytes("JPEG") + b"\0" * (11 * 1024 * 1024)
    response = post_new_activity(client_a, branch_a, upload("large.jpg", content))
    assert_rejected(response, "large.jpg", "超过 10 MB")


def test_html_named_jpg_is_rejected(client_a, branch_a):
    html = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    response = post_new_activity(client_a, branch_a, upload("photo.jpg", html))
    assert_rejected(response, "photo.jpg", "不是 JPEG、PNG 或 WebP 图片")


def test_svg_is_rejected(client_a, branch_a):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    response = post_new_activity(client_a, branch_a, upload("logo.svg", svg, "image/svg+xml"))
    assert_rejected(response, "logo.svg", "不是 JPEG、PNG 或 WebP 图片")


def test_gif_is_rejected_even_named_png(client_a, branch_a):
    response = post_new_activity(client_a, branch_a, upload("anim.png", image_bytes("GIF"), "image/png"))
    assert_rejected(response, "anim.png", "不是 JPEG、PNG 或 WebP 图片")


def test_truncated_jpeg_is_rejected(client_a, branch_a):
    content = image_bytes("JPEG", size=(400, 300))[:300]
    response = post_new_activity(client_a, branch_a, upload("broken.jpg", content))
    assert_rejected(response, "broken.jpg", "图片已损坏或不完整")


def test_one_bad_file_among_good_ones_names_it_and_stores_nothing(client_a, branch_a, settings):
    response = post_new_activity(
        client_a,
        branch_a,
        upload("good.jpg", image_bytes("JPEG")),
        upload("evil.jpg", b"<html></html>"),
    )
    assert_rejected(response, "evil.jpg", "不是 JPEG、PNG 或 WebP 图片")
    assert "good.jpg" not in str(response.context["form"].errors)
    assert "请重新选择照片" in response.content.decode()
    assert stored_files(settings) == []


def test_gps_exif_does_not_survive(client_a, branch_a):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = post_new_activity(client_a, branch_a, upload("with-gps.jpg", original))
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    for field in (photo.image, photo.thumbnail):
        with field.open("rb") as stored:
            data = stored.read()
        assert b"Exif" not in data
        assert b"TestCam" not in data
        reopened = Image.open(io.BytesIO(data))
        assert reopened.format == "JPEG"
        assert not reopened.getexif()
        assert "exif" not in reopened.info


def test_exif_orientation_is_applied(client_a, branch_a):
    # Stored 80×40 but marked "rotate 90°": the photo is really 40 wide and 80 high.
    response = post_new_activity(client_a, branch_a, upload("rotated.jpg", jpeg_with_gps((80, 40), orientation=6)))
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert (photo.width, photo.height) == (40, 80)
    with photo.image.open("rb") as stored:
        assert Image.open(stored).size == (40, 80)


def test_name_with_parent_directories_is_never_used(client_a, branch_a, settings):
    response = post_new_activity(client_a, branch_a, upload("../../../etc/passwd.jpg", image_bytes("JPEG")))
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert ".." not in photo.image.name and "passwd" not in photo.image.name
    assert photo.image.name.startswith("activities/")
    files = stored_files(settings)
    assert len(files) == 2 and all(name.startswith("activities/") for name in files)


def test_rejection_message_shows_only_the_file_name_escaped(client_a, branch_a):
    response = post_new_activity(client_a, branch_a, upload("<img src=x onerror=alert(1)>.jpg", b"not an image"))
    page = response.content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.jpg" in page


def test_very_large_photo_is_scaled_down_and_thumbnailed(client_a, branch_a):
    response = post_new_activity(client_a, branch_a, upload("wide.jpg", image_bytes("JPEG", size=(5000, 2500))))
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert (photo.width, photo.height) == (2560, 1280)
    with photo.thumbnail.open("rb") as stored:
        assert max(Image.open(stored).size) == images.THUMBNAIL_SIDE


def test_transparent_png_is_flattened_to_jpeg(client_a, branch_a):
    content = image_bytes("PNG", mode="RGBA", color=(0, 0, 255, 0))
    response = post_new_activity(client_a, branch_a, upload("clear.png", content, "image/png"))
    assert response.status_code == 302
    with ActivityPhoto.objects.get().image.open("rb") as stored:
        image = Image.open(stored)
        assert image.format == "JPEG" and image.mode == "RGB"
        assert image.getpixel((5, 5))[0] > 240  # white, not black


def test_at_most_twelve_photos_per_activity(client_a, branch_a, draft_a):
    photos = [make_photo(draft_a, position) for position in range(1, 11)]
    before = snapshot(draft_a)
    data = edit_form_data(draft_a, photos, title="保留的标题")
    data["new_photos"] = [upload(f"more-{n}.jpg", image_bytes("JPEG")) for n in range(3)]
    response = client_a.post(reverse("my:activity_edit", args=[draft_a.pk]), data)
    assert response.status_code == 200
    assert "最多 12 张照片" in response.content.decode()
    assert 'value="保留的标题"' in response.content.decode()
    assert snapshot(draft_a) == before
    # Removing one makes room for two.
    data = edit_form_data(draft_a, photos)
    data["photos-0-DELETE"] = "on"
    data["new_photos"] = [upload(f"more-{n}.jpg", image_bytes("JPEG")) for n in range(3)]
    response = client_a.post(reverse("my:activity_edit", args=[draft_a.pk]), data)
    assert response.status_code == 302
    assert draft_a.photos.count() == 12


def test_thirteen_new_photos_at_once_are_refused(client_a, branch_a):
    files = [upload(f"p{n}.jpg", image_bytes("JPEG")) for n in range(13)]
    response = post_new_activity(client_a, branch_a, *files)
    assert response.status_code == 200
    assert "最多 12 张照片" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "文件是空的"),
        (b"GIF89a" + b"\0" * 20, "不是 JPEG、PNG 或 WebP"),
        (png_header_only(9000, 9000), "4000 万像素"),
    ],
)
def test_clean_uploaded_image_refuses_with_the_file_name(content, reason):
    with pytest.raises(ValidationError) as caught:
        images.clean_uploaded_image(upload("dir/名字.jpg", content))
    message = caught.value.messages[0]
    assert "名字.jpg" in message and reason in message


def test_clean_uploaded_image_accepts_cmyk_jpeg():
    clean = images.clean_uploaded_image(upload("print.jpg", image_bytes("JPEG", mode="CMYK", color=(0, 0, 0, 0))))
    assert Image.open(io.BytesIO(clean.content)).mode == "RGB"


def test_too_long_caption_for_a_new_photo_is_refused(client_a, branch_a):
    data = activity_form_data(branch_a)
    data["new_photos"] = [upload("ok.jpg", image_bytes("JPEG"))]
    data["new_photo_caption"] = ["长" * 201]
    response = client_a.post(CREATE_URL, data)
    assert response.status_code == 200
    assert "“ok.jpg”的说明超过 200 个字" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.fixture
def decodes(monkeypatch):
    """How many images were decoded (pixel data loaded) during the test."""
    from PIL import ImageFile

    calls = []
    original = ImageFile.ImageFile.load

    def counting_load(self):
        calls.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return calls


def test_too_many_photos_are_refused_before_any_is_decoded(client_a, branch_a, decodes):
    files = [upload(f"p{n}.png", image_bytes("PNG")) for n in range(16)]

    response = post_new_activity(client_a, branch_a, *files)

    assert response.status_code == 200
    assert "最多 12 张照片，这次选择了 16 张" in response.content.decode()
    assert decodes == []
    assert not Activity.objects.exists()


def test_forty_files_in_one_request_are_refused_with_400_before_any_is_decoded(client_a, branch_a, decodes):
    files = [upload(f"p{n}.png", png_header_only(6300, 6285), "image/png") for n in range(40)]

    response = post_new_activity(client_a, branch_a, *files)

    assert response.status_code == 400
    assert decodes == []
    assert not Activity.objects.exists()


def test_photos_claiming_too_many_pixels_together_are_refused_before_any_is_decoded(client_a, branch_a, decodes):
    # Seven photos of 39.6 megapixels each, every one within the single-photo limit.
    files = [upload(f"big{n}.png", png_header_only(6300, 6285), "image/png") for n in range(7)]

    response = post_new_activity(client_a, branch_a, *files)

    assert response.status_code == 200
    assert "一次最多 240 百万像素" in response.content.decode()
    assert 'value="保留的标题"' in response.content.decode()
    assert decodes == []
    assert not Activity.objects.exists()


def test_photos_within_the_request_budget_are_decoded_and_stored(client_a, branch_a, decodes):
    files = [upload(f"ok{n}.jpg", image_bytes("JPEG")) for n in range(3)]

    response = post_new_activity(client_a, branch_a, *files)

    assert response.status_code == 302
    assert ActivityPhoto.objects.count() == 3
    assert len(decodes) >= 3
