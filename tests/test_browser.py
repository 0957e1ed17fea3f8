"""The HTML pages in a real browser: headless Chromium loads each page, every in-page link
(note references, back links, table of contents, paragraph references) leads to an element on the
page, and a screenshot is taken.

Pages: the two samples (``Document.to_html()``) and the UN's own Akoma Ntoso files in
``../shared/reference/*.akn.xml`` (``converter.render.render(xml, to="html")``, skipped when the
folder is missing). Skipped as a whole when ``chromium`` is not on the PATH
(Debian: ``apt-get install -y chromium``).

Screenshots go to pytest's tmp folder. With ``AKN_SCREENSHOTS=<folder>`` each page is also
screenshotted at README size (1280x1600) into that folder as ``<document>.png``; the README images
are made with

    AKN_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/test_browser.py -k sample
"""
from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
from pathlib import Path

import lxml.html
import pytest

from converter import convert
from converter.render import render

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout
CHROMIUM = shutil.which("chromium")
TIMEOUT = 60  # seconds per chromium call
WINDOW = (1280, 2000)
README_WINDOW = (1280, 1600)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium not found on PATH (apt-get install -y chromium)"),
]

# page id -> (document name for the screenshot, how to make the HTML)
PAGES = {
    "sample-a-res-78-228": ("a-res-78-228", ("sample", "a-res-78-228.de.web.txt")),
    "sample-a-res-64-293": ("a-res-64-293", ("sample", "a-res-64-293.de.pdf.txt")),
    "reference-a-res-80-4": ("a-res-80-4", ("reference", "a-res-80-4.de.akn.xml")),
    "reference-s-res-2700-2023": ("s-res-2700-2023", ("reference", "s-res-2700-2023.de.akn.xml")),
}


def page_html(kind: str, name: str) -> str:
    if kind == "sample":
        path = ROOT / "samples" / name
        return convert(path.read_bytes(), name=name).to_html()
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference file {path} not available")
    return render(path.read_bytes(), to="html")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    """Run headless Chromium once with a fresh profile; its whole process group dies on timeout."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"chromium did not finish within {TIMEOUT} s: {' '.join(args)}")
    if proc.returncode != 0:
        pytest.fail(f"chromium exited with {proc.returncode}:\n{err.decode('utf-8', 'replace')[-2000:]}")
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def screenshot(url: str, target: Path, window: tuple[int, int], profile: Path) -> None:
    target.unlink(missing_ok=True)
    chromium(f"--screenshot={target}", f"--window-size={window[0]},{window[1]}", url, profile=profile)
    assert target.is_file() and target.stat().st_size > 10_000, f"no screenshot written to {target}"
    assert png_size(target) == window


@pytest.fixture(scope="module", params=list(PAGES))
def page(request, tmp_path_factory) -> dict:
    """One page written to a tmp file, and its DOM as Chromium built it."""
    doc_name, (kind, name) = PAGES[request.param]
    html = page_html(kind, name)
    folder = tmp_path_factory.mktemp(request.param)
    path = folder / f"{doc_name}.html"
    path.write_text(html, encoding="utf-8")
    dumped = chromium("--dump-dom", path.as_uri(), profile=folder / "profile").stdout.decode("utf-8")
    return {"id": request.param, "name": doc_name, "path": path, "folder": folder, "html": html,
            "dom": lxml.html.document_fromstring(dumped)}


def test_browser_builds_the_whole_page(page):
    """Chromium's DOM holds the same paragraphs and notes as the page as written."""
    written = lxml.html.document_fromstring(page["html"])
    dom = page["dom"]
    assert dom.xpath("//main"), "no <main> in the dumped DOM"
    for xpath in ('//*[contains(@class, "akn-paragraph")]', '//*[contains(@class, "akn-authorialNote")]',
                  "//h1", "//a"):
        assert len(dom.xpath(xpath)) == len(written.xpath(xpath)), xpath
    assert dom.xpath('//*[contains(@class, "akn-paragraph")]'), "no paragraphs rendered"


def test_every_in_page_link_resolves(page):
    dom = page["dom"]
    ids = [e.get("id") for e in dom.xpath("//*[@id]")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"ids used twice: {duplicates[:10]}"
    links = dom.xpath('//a[starts-with(@href, "#")]')
    missing = [a.get("href") for a in links if a.get("href")[1:] not in set(ids)]
    assert not missing, f"{len(missing)} of {len(links)} in-page links lead nowhere: {missing[:10]}"


def test_note_links_go_both_ways(page):
    """Each note reference leads to a note in the notes list, and that note links back to it."""
    dom = page["dom"]
    by_id = {e.get("id"): e for e in dom.xpath("//*[@id]")}
    refs = dom.xpath('//a[contains(concat(" ", @class, " "), " note-ref ")]')
    notes = dom.xpath('//*[contains(concat(" ", @class, " "), " akn-authorialNote ")]')
    if not notes:
        assert not refs
        return
    assert refs, "notes but no note references"
    for a in refs:
        note = by_id[a.get("href")[1:]]
        assert note.xpath('ancestor::*[contains(@class, "akn-notes")]'), f"{a.get('href')} is not in the notes"
        back = {b.get("href") for b in note.xpath('.//a[contains(@class, "backref")]')}
        assert f"#{a.get('id')}" in back, f"note {a.get('href')} has no link back to {a.get('id')}"
    # the notes come after the text
    notes_section = dom.xpath('//*[contains(@class, "akn-notes")]')[0]
    assert not notes_section.xpath('following::*[contains(@class, "akn-paragraph")]')


def test_screenshot(page):
    shot = page["folder"] / f"{page['name']}.png"
    screenshot(page["path"].as_uri(), shot, WINDOW, page["folder"] / "profile")
    folder = os.environ.get("AKN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        screenshot(page["path"].as_uri(), Path(folder) / f"{page['name']}.png", README_WINDOW,
                   page["folder"] / "profile")
