"""The age-friendly mode (长者模式) is rendered by the server from its cookie, so a page arrives in it."""

from gzpartybuild.context_processors import ELDER_MODE_COOKIE

ELDER_HTML = '<html lang="zh-Hans" class="elder-mode">'
STANDARD_HTML = '<html lang="zh-Hans">'


def test_pages_render_in_the_mode_the_cookie_asks_for(client, db):
    page = client.get("/").content.decode()
    assert STANDARD_HTML in page and 'aria-pressed="false"' in page
    client.cookies[ELDER_MODE_COOKIE] = "1"
    page = client.get("/").content.decode()
    assert ELDER_HTML in page and 'aria-pressed="true"' in page
    client.cookies[ELDER_MODE_COOKIE] = "yes please"
    assert STANDARD_HTML in client.get("/").content.decode()
