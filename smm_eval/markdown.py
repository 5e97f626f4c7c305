"""User text made literal for a place that renders Markdown: the one escape of the product.

Streamlit renders Markdown in every message (`st.success`, `st.error`, ...), caption, heading,
toast, and in the label of every widget, tab, expander and metric, and in the options of a radio.
It goes beyond CommonMark: GitHub's extensions (tables, strikethrough, bare URLs and e-mail
addresses turned into links), colour and badge directives (`:red[x]`, `:blue-badge[x]`), Material
icons (`:material/home:`), emoji shortcodes (`:smile:`), its logo (`:streamlit:`), LaTeX between
dollars (`$x^2$`) and typographic replacements (`->` becomes an arrow). A candidate named
`![i](http://host/i.png)` in "Candidate added: {name}" would make the browser fetch that URL.

`escape_markdown` turns such text into Markdown that shows exactly the characters typed:

- every ASCII punctuation character is backslash-escaped, which CommonMark defines to render as
  the character itself (CommonMark 0.31.2, section 2.4 "Backslash escapes": "Any ASCII
  punctuation character may be backslash-escaped"). This stops emphasis, code, links, images,
  HTML, headings, list and quote markers, tables, directives and the `$` that starts LaTeX
  (Streamlit looks for LaTeX only around unescaped dollars);
- the replacements Streamlit and GitHub's extensions make in the text itself, after escapes are
  undone (shortcodes and icons between colons, `http://`, `www.` and e-mail links, the
  typographic arrows and dashes), are broken by a WORD JOINER (U+2060) between the characters
  that would form them: invisible, and it allows no line break where it stands. Where they look
  is read from Streamlit 1.67's frontend (`StreamlitMarkdown`: `remark-emoji`, the Material and
  logo replacements, `remark-gfm`'s autolink literals, the typographic symbols); design choice;
- line breaks become spaces: the text is shown inside one line of a message or label, where a
  line break could start a block (a heading, a list, a code block).

Apply it once, to the user's value only (a catalogue message may carry Markdown of its own), and
only where Markdown is rendered: tables (`st.dataframe`), `st.text`, the options of a selectbox
or multiselect and chart text show text as it is, so escaped text would show its backslashes.
"""

from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"  # invisible, no line break: splits a pattern without changing what is read

_PUNCTUATION = frozenset(string.punctuation)  # the ASCII punctuation CommonMark lets one escape
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
        The text with every ASCII punctuation character backslash-escaped (CommonMark 0.31.2,
        section 2.4) and a WORD JOINER (U+2060) inside each pattern that Streamlit or GitHub's
        Markdown extensions replace in plain text (shortcodes, icons, bare links, typographic
        arrows). Apply it once: escaped text escaped again shows its backslashes.

    Examples
    --------
    >>> print(escape_markdown("**Bo** <b>"))
    \*\*Bo\*\* \<b\>
    >>> escape_markdown(":red[x]") == "\\:\u2060red\\[x\\]"
    True
    >>> escape_markdown("Ana") == "Ana" and escape_markdown("") == ""
    True
    """
    one_line = _LINE_BREAKS.sub(" ", text)
    split = _SPLIT.sub(WORD_JOINER, one_line)
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in split)
