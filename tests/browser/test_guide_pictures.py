"""The guide's pictures are taken here, from the real pages, so that the guide shows what Kiosk shows today."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..helpers import LiveServer
from .conftest import OtherPhone, axe_violations, create_workshop, set_phase
from .pages import PHONE, PROJECTOR, ROOM_PC, BoardPage, ConsolePage, DoorPage, ParticipantPage

pytestmark = pytest.mark.browser

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"
PICTURES = GUIDE / "images"
# Every picture the guide shows, and the page it comes from.
TAKEN = {
    "accueil",
    "organisation",
    "ecran-accueil",
    "telephone-inscription",
    "telephone-questions",
    "tableau",
    "console",
    "telephone-avis",
    "bilan",
    "memo",
}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A real server whose pages give the kind of address a room's Wi-Fi gives; opened as the room PC does."""
    server = LiveServer(tmp_path_factory.mktemp("guide"), base_url="http://192.168.1.20:5000")
    server.start()
    yield f"http://localhost:{server.port}"
    server.stop()


def picture(page, name):
    """Save what the person sees into the guide's pictures."""
    PICTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PICTURES / f"{name}.png"))


def test_the_guide_pictures_are_taken_from_the_real_pages(room, new_page):
    url = room
    code = create_workshop(url, "Premiers pas sur tablette")

    room_pc = new_page(viewport=ROOM_PC)
    room_pc.goto(url + "/")
    expect(room_pc.get_by_text("Premiers pas sur tablette")).to_be_visible()
    picture(room_pc, "accueil")
    room_pc.goto(url + "/admin/")
    expect(room_pc.get_by_role("heading", level=1)).to_be_visible()
    picture(room_pc, "organisation")

    door = DoorPage(new_page(viewport={"width": 1280, "height": 800}), url, code).open().live()
    expect(door.locator(".join img")).to_be_visible()
    picture(door, "ecran-accueil")

    phone = ParticipantPage(new_page(viewport=PHONE), url, code).open()
    expect(phone.name_field()).to_be_visible()
    picture(phone, "telephone-inscription")
    phone.enter("Yvonne")
    expect(phone.get_by_role("heading", name=ParticipantPage.welcome("Yvonne"))).to_be_visible()
    set_phase(url, code, "questions")
    marcel = OtherPhone(url, code, "Marcel")
    first = marcel.ask("Comment agrandir le texte sur ma tablette ?")
    OtherPhone(url, code, "Rose").me_too(first)
    phone.live()
    phone.post("Comment envoyer une photo à ma fille ?")
    expect(phone.question_text("Comment agrandir le texte")).to_be_visible()
    picture(phone, "telephone-questions")

    console = ConsolePage(new_page(viewport=ROOM_PC), url, code).open().live()
    console.question("Comment agrandir le texte").get_by_role(
        "button", name=ConsolePage.ON_BOARD
    ).first.click()
    board = BoardPage(new_page(viewport=PROJECTOR), url, code).open().live()
    expect(board.current()).to_contain_text("Comment agrandir le texte")
    expect(board.open_questions()).to_contain_text("Comment envoyer une photo")
    picture(board, "tableau")
    picture(console, "console")

    console.open_feedback()
    expect(phone.feedback_heading()).to_be_visible()
    picture(phone, "telephone-avis")
    phone.give_feedback("Très bien")
    expect(phone.thanks()).to_be_visible()

    report = new_page(viewport=ROOM_PC)
    report.goto(f"{url}/w/{code}/report")
    expect(report.get_by_role("heading", level=1)).to_be_visible()
    picture(report, "bilan")

    memo = new_page(viewport={"width": 794, "height": 1123}, bypass_csp=True)
    memo.goto(f"{url}/w/{code}/memo")
    expect(memo.get_by_role("heading", name="Mémo pour animer un atelier avec Kiosk")).to_be_visible()
    expect(memo.get_by_text(f"/w/{code}/board")).to_be_visible()
    picture(memo, "memo")
    assert axe_violations(memo) == []
    # Printed, it is one A4 page.
    printed = memo.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", printed)) == 1

    assert {p.stem for p in PICTURES.glob("*.png")} >= TAKEN


def test_the_memo_is_translated_and_fits_a_phone(live_server, new_page):
    code = create_workshop(live_server.url)
    for locale, heading in (
        ("en-GB", "Memo: running a workshop with Kiosk"),
        ("ar", "مذكرة لإدارة ورشة باستخدام Kiosk"),
    ):
        page = new_page(viewport=PHONE, locale=locale)
        page.goto(f"{live_server.url}/w/{code}/memo")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow


def test_the_guide_shows_every_picture_and_each_exists():
    text = "\n".join(page.read_text(encoding="utf-8") for page in GUIDE.glob("*.md"))
    linked = set(re.findall(r"\(images/([\w-]+)\.png\)", text))
    assert linked == TAKEN
    for name in linked:
        assert (PICTURES / f"{name}.png").exists(), name


def test_the_readme_opens_in_french_with_the_two_commands_and_the_guide():
    readme = (GUIDE.parents[1] / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("\n## ")[0]
    assert "make run" in first_screen and "make bundle" in first_screen
    assert "docs/guide/" in first_screen
    assert "Kiosk" in first_screen and "atelier" in first_screen
