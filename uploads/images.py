"""Checking and cleaning every uploaded image: activity and town photos, organization logos.

An upload is recognised by its content (Pillow, restricted to JPEG, PNG and WebP),
never by its name or declared content type. Accepted photos are turned upright
(EXIF orientation), scaled down when very large and re-encoded as fresh JPEGs, so
no EXIF block (camera, GPS position, time) survives; a thumbnail is made for lists.

Decoding costs CPU in proportion to the pixels, which a small file can claim by the
million (a one-colour PNG of 40 megapixels is 38 KB). So a request's uploads are counted
and their declared sizes read from the headers (`declared_pixels`, no decoding) before
any of them is decoded: at most MAX_REQUEST_PIXELS in one request.
"""

import io
import logging
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Decoded in one request at most: six photos at the single-photo limit, twenty of 12 MP
# (about 6 s of one core); more is refused before anything is decoded.
MAX_REQUEST_PIXELS = 240_000_000
MAX_SIDE = 2560
THUMBNAIL_SIDE = 480
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# A JPEG from some cameras opens as MPO (several pictures in one file); its first one is used.
_OPENED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}

# Pillow warns above this many pixels and refuses above twice as many; the check below
# refuses anything above it, and the warning is turned into a refusal too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class CleanImage:
    """A checked photo, ready to store: JPEG bytes of the photo and of its thumbnail."""

    name: str
    content: bytes
    width: int
    height: int
    thumbnail: bytes


def _reject(name, reason):
    return ValidationError(f"照片“{name}”未能接收：{reason}", code="photo_rejected")


def _display_name(upload):
    # Django already keeps only the last path component of an uploaded name; shorten it for messages.
    name = (getattr(upload, "name", "") or "未命名文件").replace("\\", "/").rsplit("/", 1)[-1]
    return name if len(name) <= 80 else name[:77] + "…"


def _to_srgb_rgb(image):
    """Convert to RGB in sRGB, flattening any transparency onto white."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in {"RGB", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.info("Ignoring an unreadable colour profile in an uploaded photo")
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def _encode_jpeg(image, quality):
    # A new image from the pixels only: nothing of the original's metadata is carried over.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def declared_pixels(upload):
    """The pixels an upload's header claims (width × height), read without decoding it;
    0 for a file Pillow cannot identify (clean_uploaded_image then says why)."""
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as opened:
                width, height = opened.size
    except Image.DecompressionBombError:
        return MAX_PIXELS + 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return 0
    finally:
        upload.seek(0)
    return width * height


def check_request_pixels(uploads):
    """Refuse, before any decoding, uploads that together claim more than MAX_REQUEST_PIXELS."""
    total = sum(declared_pixels(upload) for upload in uploads)
    if total > MAX_REQUEST_PIXELS:
        raise ValidationError(
            f"这次选择的照片合计约 {total / 1_000_000:.0f} 百万像素，一次最多 "
            f"{MAX_REQUEST_PIXELS // 1_000_000} 百万像素：请分几次上传，或先把照片缩小。",
            code="request_pixels",
        )


def clean_uploaded_image(upload):
    """Check an uploaded file and return a `CleanImage`, or raise ValidationError naming the file."""
    name = _display_name(upload)
    size = getattr(upload, "size", None)
    if size is None or size > MAX_UPLOAD_BYTES:
        raise _reject(name, f"文件大小超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
    if size == 0:
        raise _reject(name, "文件是空的。")
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as opened:
                if opened.format not in _OPENED_FORMATS:
                    raise _reject(name, "只接受 JPEG、PNG 或 WebP 格式的照片。")
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise _reject(name, f"像素过多（{width}×{height}），单张照片不得超过 4000 万像素。")
                opened.seek(0)
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _reject(name, "像素过多，单张照片不得超过 4000 万像素。") from None
    except UnidentifiedImageError:
        raise _reject(name, "不是 JPEG、PNG 或 WebP 图片（按文件内容识别，与文件名无关）。") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _reject(name, "图片已损坏或不完整，无法读取。") from None

    try:
        image = _to_srgb_rgb(image)
        if max(image.size) > MAX_SIDE:
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        content = _encode_jpeg(image, JPEG_QUALITY)
        thumb = image.copy()
        thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
        thumbnail = _encode_jpeg(thumb, THUMBNAIL_QUALITY)
    except (OSError, ValueError):
        raise _reject(name, "无法处理这张图片的色彩格式，请另存为普通 JPEG 后再上传。") from None
    return CleanImage(
        name=name,
        content=content,
        width=image.width,
        height=image.height,
        thumbnail=thumbnail,
    )


class CleanedImageFormField(forms.ImageField):
    """An image upload cleaned by `clean_uploaded_image`, whatever form it comes through.

    Cleans to a JPEG ContentFile (its name is never the uploaded one; the model field's
    upload_to makes a random one) carrying the `CleanImage` as `clean_image`, so that a
    model may store the thumbnail made with it."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image = clean_uploaded_image(upload)
        cleaned = ContentFile(image.content, name="image.jpg")
        cleaned.clean_image = image
        cleaned.content_type = "image/jpeg"
        return cleaned


class CleanedImageField(models.ImageField):
    """A model image field whose every form (the admin's included) cleans the upload."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanedImageFormField, **kwargs})


def newly_cleaned(field_file):
    """The `CleanImage` of a file just assigned through a CleanedImageFormField, else None."""
    if field_file and not field_file._committed:
        return getattr(field_file.file, "clean_image", None)
    return None
