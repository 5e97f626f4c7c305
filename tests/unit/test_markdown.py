"""`smm_eval.markdown.escape_markdown`: user text shows as typed wherever Streamlit renders Markdown.

Each expected value is written out by hand: a backslash before every character that starts inline
Markdown or a Streamlit extension (`\\ ` * _ [ ] < > ~ $ & |`) and, at the start, before a block
marker (`- + = #`, `.` or `)` after digits), and a WORD JOINER (here `J`, U+2060) inside each
pattern Streamlit replaces in plain text after escapes are undone (`:name`, `http://`, `www.`,
`@domain`, `->` and the other typographic pairs).
"""

from __future__ import annotations

import re

import pytest

from smm_eval.markdown import WORD_JOINER, escape_markdown

J = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # emphasis, strikethrough (GitHub's ~one~ and ~~two~~), code
        ("**bold** _it_ ~~gone~~ ~x~ `code`", r"\*\*bold\*\* \_it\_ \~\~gone\~\~ \~x\~ \`code\`"),
        # a link: its brackets escaped; "http:" + J + "//" is no bare URL either
        ("[l](http://e.x)", rf"\[l\](http:{J}//e.x)"),
        # an image: its brackets escaped ("!" and parentheses alone start nothing)
        ("![i](http://127.0.0.1:9/i.png)", rf"!\[i\](http:{J}//127.0.0.1:{J}9/i.png)"),
        # Streamlit's colour and badge directives, Material icon, emoji shortcodes, logo
        (":red[x]", rf":{J}red\[x\]"),
        (":blue-badge[New]", rf":{J}blue-badge\[New\]"),
        (":material/home:", rf":{J}material/home:"),
        (":smile: :+1: :100:", rf":{J}smile: :{J}+1: :{J}100:"),
        (":streamlit:", rf":{J}streamlit:"),
        # LaTeX between dollars
        ("$x^2$ and $$y$$", r"\$x^2\$ and \$\$y\$\$"),
        # HTML and an autolink stay text
        ("<b>h</b><img src=x>", r"\<b\>h\</b\>\<img src=x\>"),
        ("<http://e.x>", rf"\<http:{J}//e.x\>"),
        # what starts a block at the start: heading, lists, numbered lists, quote, a line of dashes
        ("# Title", r"\# Title"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("* item", r"\* item"),
        ("1. first", r"1\. first"),
        ("2) second", r"2\) second"),
        ("> quoted", r"\> quoted"),
        ("---", rf"\-{J}-{J}-"),
        ("=1+1", r"\=1+1"),
        # a table cell separator
        ("a | b", r"a \| b"),
        # bare links GitHub's Markdown would make: www., e-mail
        ("www.e.x", rf"www{J}.e.x"),
        ("ana@e.x", rf"ana@{J}e.x"),
        # typographic replacements: -> <- <-> -- >= <= ~=
        ("a -> b <- c <-> d -- e >= f <= g ~= h",
         rf"a -{J}\> b \<{J}- c \<{J}-{J}\> d -{J}- e \>{J}= f \<{J}= g \~{J}= h"),
        # an entity reference stays as typed
        ("&amp; &#42;", r"\&amp; \&#42;"),
        # a backslash of the user's shows as one backslash
        ("a\\b", r"a\\b"),
        # line breaks become spaces (with the spaces around them), the ends trimmed: no block starts
        ("  Ana\n# big\r\n  - x  ", "Ana # big - x"),
        ("    code?", "code?"),
        # plain text reads as typed: names, codes, file names, punctuation, Cyrillic, accents
        ("SMM manager, Moscow", "SMM manager, Moscow"),
        ("Olga Ivanova (C0001)", "Olga Ivanova (C0001)"),
        ("Ivanov-Petrov c13.csv", "Ivanov-Petrov c13.csv"),
        ("O'Brien; \"Bo\" Dr. Who? 50% a=b a/b #1 C#", "O'Brien; \"Bo\" Dr. Who? 50% a=b a/b #1 C#"),
        ("Ирина Петрова", "Ирина Петрова"),
        ("José Núñez", "José Núñez"),
        ("", ""),
    ],
)  # fmt: skip
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_undoing_the_escapes_gives_back_the_text() -> None:
    # Dropping the joiners and the backslash of each escape (what the reader sees) gives back
    # every character typed, on one line.
    text = "".join(chr(c) for c in range(33, 127)) + " Ana ñ 7"
    escaped = escape_markdown(text)
    assert re.sub(r"\\(.)", r"\1", escaped.replace(J, "")) == text


def test_the_attack_name_of_the_issue_has_no_markup_left() -> None:
    name = "**bold** :red[x] [l](http://e.x) ![i](http://127.0.0.1:9/i.png) $x^2$ <b>h</b>"
    escaped = escape_markdown(name)
    # No unescaped Markdown character is left, and no "http://" or ":red" for a text-level replacement.
    assert re.search(r"(?<!\\)[*\[\]$<>]", escaped) is None
    assert "http://" not in escaped.replace("\\", "") and ":red" not in escaped
