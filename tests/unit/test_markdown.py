"""`smm_eval.markdown.escape_markdown`: user text shows as typed wherever Streamlit renders Markdown.

Each expected value is written out by hand: every ASCII punctuation character gets a backslash in
front (CommonMark's backslash escape), and a WORD JOINER (here `J`, U+2060) goes inside each
pattern Streamlit replaces in plain text after escapes are undone.
"""

from __future__ import annotations

import re
import string

import pytest

from smm_eval.markdown import WORD_JOINER, escape_markdown

J = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # emphasis, strikethrough, code
        ("**bold** _it_ ~~gone~~ `code`", r"\*\*bold\*\* \_it\_ \~\~gone\~\~ \`code\`"),
        # a link and an image: brackets, parentheses, "!" and "." escaped; "http:" + J + "//" is no URL
        ("[l](http://e.x)", rf"\[l\]\(http\:{J}\/\/e\.x\)"),
        ("![i](http://127.0.0.1:9/i.png)", rf"\!\[i\]\(http\:{J}\/\/127\.0\.0\.1\:{J}9\/i\.png\)"),
        # Streamlit's colour and badge directives, Material icon, emoji shortcode, logo
        (":red[x]", rf"\:{J}red\[x\]"),
        (":blue-badge[New]", rf"\:{J}blue\-badge\[New\]"),
        (":material/home:", rf"\:{J}material\/home\:"),
        (":smile: :+1:", rf"\:{J}smile\: \:{J}\+1\:"),
        (":streamlit:", rf"\:{J}streamlit\:"),
        # LaTeX between dollars
        ("$x^2$ and $$y$$", r"\$x\^2\$ and \$\$y\$\$"),
        # HTML stays text
        ("<b>h</b><img src=x>", r"\<b\>h\<\/b\>\<img src\=x\>"),
        # a heading, a list, a numbered list, a quote, a table row at the start
        ("# Title", r"\# Title"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. first", r"1\. first"),
        ("> quoted", r"\> quoted"),
        ("a | b", r"a \| b"),
        # bare links GitHub's Markdown would make: www., e-mail
        ("www.e.x", rf"www{J}\.e\.x"),
        ("ana@e.x", rf"ana\@{J}e\.x"),
        # typographic replacements: -> <- <-> -- >= <= ~=
        ("a -> b <- c <-> d -- e >= f <= g ~= h",
         rf"a \-{J}\> b \<{J}\- c \<{J}\-{J}\> d \-{J}\- e \>{J}\= f \<{J}\= g \~{J}\= h"),
        # an entity reference stays as typed
        ("&amp; &#42;", r"\&amp\; \&\#42\;"),
        # a backslash of the user's shows as one backslash
        ("a\\b", r"a\\b"),
        # line breaks become spaces (with the spaces around them): one line, no block can start
        ("Ana\n# big\r\n  - x", r"Ana \# big \- x"),
        # plain text, Cyrillic, accents: unchanged
        ("Ирина Петрова", "Ирина Петрова"),
        ("José Núñez", "José Núñez"),
        ("", ""),
    ],
)  # fmt: skip
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_every_ascii_punctuation_is_escaped_and_nothing_else_changes() -> None:
    # Undoing the escapes (drop the backslash before a punctuation character) and dropping the
    # joiners gives back the text: the reader sees exactly the characters typed.
    text = "".join(string.punctuation) + " Ana ñ 7"
    escaped = escape_markdown(text)
    assert re.sub(r"\\(.)", r"\1", escaped.replace(J, "")) == text
    # Every punctuation character of the output is preceded by a backslash of the escape.
    without_escapes = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)
    assert not any(ch in string.punctuation for ch in without_escapes)


def test_the_attack_name_of_the_issue_has_no_markup_left() -> None:
    name = "**bold** :red[x] [l](http://e.x) ![i](http://127.0.0.1:9/i.png) $x^2$ <b>h</b>"
    escaped = escape_markdown(name)
    # No unescaped Markdown character is left, no "http://" or ":red" for a text-level replacement.
    assert re.search(r"(?<!\\)[*\[\]()!$<>:]", escaped) is None
    assert "http://" not in escaped.replace("\\", "") and ":red" not in escaped.replace("\\", "")
