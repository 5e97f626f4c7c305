"""Issue 15 finding 13: the home cards' links are one line, cut beyond their width
("Import ratings from a form or spreadshe"). Every card link label fits in both languages."""

import pytest

from smm_eval.i18n import Messages

# At 1400 px the main column is 936 px (pages/_ui.MAIN_WIDTH); three bordered cards with 16 px gaps
# are (936 - 2 x 16) / 3 = 301 px, less 2 x 16 px padding = 269 px, less the 24 px icon and its 8 px
# gap = 237 px of text; Source Sans at 16 px averages about 7.5 px a character (measured on the
# labels in Chromium), so about 31 characters: 28 keeps a margin (design choice).
MAX_LINK_CHARS = 28
CARD_LINKS = [
    "home.seeker.cta",
    "home.seeker.salary_cta",
    "home.recruiter.cta",
    "home.recruiter.form_cta",
    "home.lead_user.cta",
]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("key", CARD_LINKS)
def test_home_card_links_fit_their_card(lang: str, key: str) -> None:
    label = Messages(lang)(key)
    assert len(label) <= MAX_LINK_CHARS, f"{lang} {key}: {label!r} ({len(label)} characters)"
