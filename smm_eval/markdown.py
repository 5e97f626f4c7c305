r"""User text made literal for a place that renders Markdown: the one escape of the product.

Streamlit renders Markdown in every message (`st.success`, `st.error`, ...), caption, heading,
toast, and in the label of every widget, tab, expander and metric, and in the options of a radio.
It goes beyond CommonMark: GitHub's extensions (tables, strikethrough, bare URLs and e-mail
addresses turned into links), colour and badge directives (`:red[x]`, `:blue-badge[x]`), Material
icons (`:material/home:`), emoji shortcodes (`:smile:`), its logo (`:streamlit:`), LaTeX between
dollars (`$x^2$`) and typographic replacements (`->` becomes an arrow). A candidate named
`![i](http://host/i.png)` in "Candidate added: {name}" would make the browser fetch that URL.

`escape_markdown` turns such text into Markdown that shows exactly the characters typed:

- every character that starts inline Markdown or a Streamlit extension is backslash-escaped
  (`` \ ` * _ [ ] < > ~ $ & | ``), and at the start of the text the characters that would start
  a block (`-`, `+`, `=`, `#`, and `.` or `)` after the digits of a numbered list, as in `1.`).
  CommonMark defines an escaped character to render as itself (CommonMark 0.31.2, section 2.4
  "Backslash escapes": "Any ASCII punctuation character may be backslash-escaped"). This stops
  emphasis, code, links and images (their brackets), HTML and autolinks, entity references,
  headings, list and quote markers, tables, strikethrough and the `$` that starts LaTeX
  (Streamlit looks for LaTeX only around unescaped dollars). Other punctuation (`( ) . , : ; ' "
  ! ? / @ = % -` inside the text) starts nothing once these are escaped and is left as typed, so
  names such as "Olga Ivanova (C0001)" or "c13.csv" read as they are, Streamlit's own rule for
  labels (it escapes only leading block markers);
- the replacements Streamlit and GitHub's extensions make in the text itself, after escapes are
  undone (shortcodes and icons between colons, `http://`, `www.` and e-mail links, the
  typographic arrows and dashes), are broken by a WORD JOINER (U+2060) between the characters
  that would form them: invisible, and it allows no line break where it stands. Where they look
  is read from Streamlit 1.67's frontend (`StreamlitMarkdown`: `remark-emoji`, the Material and
  logo replacements, `remark-gfm`'s autolink literals, the typographic symbols); design choice;
- line breaks become spaces and the text is trimmed: it is shown inside one line of a message or
  label, where a line break or leading spaces could start a block (a heading, a list, code).

Apply it once, to the user's value only (a catalogue message may carry Markdown of its own), and
only where Markdown is rendered: tables (`st.dataframe`), `st.text`, the options of a selectbox
or multiselect and chart text show text as it is, so escaped text would show its backslashes.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"  # invisible, no line break: splits a pattern without changing what is read

# What starts inline Markdown or a Streamlit extension anywhere in one line of text.
_INLINE = re.compile(r"[\\`*_\[\]<>~$&|]")
# What starts a block at the start of the text: a list or heading marker, or "1." / "1)".
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)])|)([-+=#.)])")
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
# The places where a replacement on the text would start, each split after its first character:
# ":" then a shortcode, icon, URL scheme or port (":smile:", ":material/x:", "http://");
# "www" then "." (a bare www link); "@" then a domain (an e-mail link); the typographic pairs
# "->", "<-", "--", ">=", "<=", "~=" (and so "<->").
_SPLIT = re.compile(
    r"(?<=:)(?=[\w+/-])|(?<=www)(?=\.)|(?<=@)(?=[\w-])|(?<=-)(?=[->])|(?<=<)(?=[-=])|(?<=[>~])(?==)",
    re.IGNORECASE,
)


def escape_markdown(text: str) -> str:
    r"""User text as Markdown that Streamlit renders as exactly that text, with no markup.

    Parameters
    ----------
    text : str
        Any user text: a name, a title, a file or column name, a note (one line is shown: line
        breaks become spaces).

    Returns
    -------
    str
        The text, trimmed, with each character that starts Markdown backslash-escaped
        (CommonMark 0.31.2, section 2.4) and a WORD JOINER (U+2060) inside each pattern that
        Streamlit or GitHub's Markdown extensions replace in plain text (shortcodes, icons, bare
        links, typographic arrows). Apply it once: escaped text escaped again shows its
        backslashes.

    Examples
    --------
    >>> print(escape_markdown("**Bo** <b>"))
    \*\*Bo\*\* \<b\>
    >>> escape_markdown(":red[x]") == ":\u2060red\\[x\\]"
    True
    >>> escape_markdown("Ana") == "Ana" and escape_markdown("") == ""
    True
    """
    one_line = _LINE_BREAKS.sub(" ", text).strip()
    split = _SPLIT.sub(WORD_JOINER, one_line)
    inline = _INLINE.sub(lambda found: "\\" + found.group(), split)
    return _BLOCK_START.sub(lambda found: found.group(1) + "\\" + found.group(2), inline)
