"""Files the portal serves besides its pages: the site icon, and uploads from the current MEDIA_ROOT."""

from django.templatetags.static import static


def test_favicon_ico_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url == static("img/favicon.svg")
    assert client.post("/favicon.ico").status_code == 405


def test_pages_name_the_site_icon(client, db):
    assert (
        f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in client.get("/").content.decode()
    )


def test_uploads_are_served_from_the_media_root_in_force(client, settings, tmp_path, db):
    # Read per request: a MEDIA_ROOT changed after the URLs were loaded is the one served.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "note.txt").write_text("现场照片说明")
    response = client.get("/media/photos/note.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "现场照片说明"
    assert client.get("/media/photos/missing.txt").status_code == 404
