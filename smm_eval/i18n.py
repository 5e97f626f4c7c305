"""Message catalogues: every user-facing string of the app, in English and Spanish.

Catalogues live in `data/messages/<lang>.yaml` as nested mappings; keys are the dotted paths
(`home.title`). Placeholders use `str.format` names (`{answered}`). Numbers are formatted with
Babel so that Spanish gets decimal commas.

A message that counts something is a mapping of CLDR plural categories (`one`, `other`, and in
Spanish `many` for round millions: "1.000.000 de candidatos"), flattened to `key.one`,
`key.other`; `Messages.plural` picks the category with Babel's plural rules for the language.
Messages never write "problem(s)" (a unit test reads the catalogues for such patterns).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from smm_eval.errors import DataFileError, Problem
from smm_eval.files.yaml_files import read_yaml
from smm_eval.framework import DATA_DIR, LANGUAGES

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
_LOCALES = {"en": "en_US", "es": "es_ES"}
# The sources of problems about a named thing (smm_eval.schemas, storage): "vacancy 'X'", "scorecard of Y".
_NAMED_SOURCE = re.compile(r"^(vacancy|candidate) '(.*)'$|^scorecard of (.*)$", re.DOTALL)


def _flatten(tree: Any, path: Path, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    if not isinstance(tree, dict):
        message = "must be a mapping of message keys"
        raise DataFileError([Problem(str(path), message, column_name=prefix or None, code="data.not_mapping")])
    for key, value in tree.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, path, full))
        elif isinstance(value, str) and value.strip():
            flat[full] = value
        else:
            message = "message must be a non-empty text"
            raise DataFileError([Problem(str(path), message, column_name=full, code="data.empty_message")])
    return flat


@lru_cache(maxsize=4)
def catalogue(lang: str, directory: Path | None = None) -> dict[str, str]:
    """All messages of one language as {dotted key: text}."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; expected one of {list(LANGUAGES)}")
    path = (directory or DATA_DIR / "messages") / f"{lang}.yaml"
    return _flatten(read_yaml(path), path)


class Messages:
    """Look up messages of one language: `t("home.title")`, `t("sa.progress", answered=3)`."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = catalogue(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = self._messages.get(key)
        if text is None:  # tests keep catalogues complete; never show a blank to a user
            text = catalogue(DEFAULT_LANGUAGE).get(key, key)
        return text.format(**values) if values else text

    def plural(self, key: str, count: int, **values: Any) -> str:
        """The message `key` for `count` things, in the plural form this language uses for it.

        Parameters
        ----------
        key : str
            A catalogue group holding one text per plural category (`key.one`, `key.other`, ...).
        count : int
            How many; fills `{count}`, written with this language's digit grouping (Spanish "1.234").
        **values
            The message's other placeholders.

        Returns
        -------
        str
            The text of the category `babel.Locale.plural_form(count)` returns (CLDR plural rules,
            https://cldr.unicode.org/index/cldr-spec/plural-rules); a category the catalogue does
            not hold (Spanish `many`) falls back to `other`, as CLDR's own fallback prescribes.

        >>> Messages("en").plural("cand.list_title", 1)
        '1 candidate'
        >>> Messages("es").plural("cand.list_title", 1200)
        '1.200 candidatos'
        """
        from babel import Locale

        form = Locale.parse(_LOCALES[self.lang]).plural_form(count)
        text = self._messages.get(f"{key}.{form}") or self._messages.get(f"{key}.other")
        if text is None:  # tests keep catalogues complete; never show a blank to a user
            text = catalogue(DEFAULT_LANGUAGE).get(f"{key}.{'one' if count == 1 else 'other'}", key)
        return text.format(count=self.number(count), **values)

    def number(self, value: float, digits: int = 0) -> str:
        """`value` with `digits` decimals and this language's marks (Babel, CLDR): "1,234.5",
        "1234,5" (Spanish groups from five digits). Zero is never written "-0"."""
        return _formatted(_LOCALES[self.lang], 0 if value == 0 else value, digits)

    def money(self, value: float, currency: str) -> str:
        """A monthly amount, rounded to hundreds: salary figures are not more precise than that."""
        return f"{self.number(round(value, -2))} {currency}"

    def problem(self, problem: Problem) -> str:
        """What is wrong, in this language: the catalogue's `problems.<code>` filled with the
        problem's `params` (numbers with this language's marks, {language: text} names in
        this language); a plural group (`problems.<code>.one` / `.other`) chosen by `params["count"]`
        as `plural` does; the English `message` when the problem has no code or no catalogue holds it."""
        if not problem.code:
            return problem.message
        key = f"problems.{problem.code}"
        values = {k: self._param(v) for k, v in problem.params.items()}
        try:
            count = problem.params.get("count")
            if key not in self._messages and f"{key}.other" in self._messages and isinstance(count, int):
                values.pop("count")
                return self.plural(key, count, **values)
            text = self._messages.get(key)
            if text is None:
                return problem.message
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a catalogue placeholder the code does not fill
            return problem.message

    def _param(self, value: Any) -> Any:
        """A problem parameter as this language shows it: floats with its decimal mark (2 decimals),
        whole numbers with its thousands separator ("120,000", "120.000"), a {language: text}
        mapping (a localized name) in its language."""
        if isinstance(value, float):
            return self.number(value, 2)
        if isinstance(value, int) and not isinstance(value, bool):
            return self.number(value)
        if isinstance(value, dt.datetime):
            return self.date_time(value)
        if isinstance(value, dt.date):
            return self.date(value)
        if isinstance(value, Mapping):
            return value.get(self.lang) or value.get(DEFAULT_LANGUAGE, "")
        return value

    def source(self, source: str) -> str:
        """A problem's source in this language: a file name as it is; what was checked (a team, a
        vacancy named "X", the scorecard of a rater) from the catalogue's `problems.sources`."""
        named = _NAMED_SOURCE.match(source)
        if named:
            kind, name = (named.group(1), named.group(2)) if named.group(1) else ("scorecard", named.group(3))
            return self(f"problems.sources.{kind}", name=name)
        key = f"problems.sources.{source.replace(' ', '_').replace('-', '_')}"
        return self._messages.get(key, source)

    def where(self, problem: Problem) -> str:
        """Where a problem is, in this language: "file.csv, line 3, column 2 (person)"."""
        parts = [self.source(problem.source)]
        if problem.line is not None:
            parts.append(self("problems.where.line", line=problem.line))
        if problem.column is not None:
            col = self("problems.where.column", column=problem.column)
            if problem.column_name:
                col += f" ({problem.column_name})"
            parts.append(col)
        elif problem.column_name:
            parts.append(self("problems.where.field", field=problem.column_name))
        return ", ".join(parts)

    def percent(self, share: float, digits: int = 0) -> str:
        """A share as a percent in this language's CLDR percent pattern: "34%" in English, "34 %"
        (a no-break space before the sign, CLDR es `#,##0\u00a0%`) in Spanish; `digits` decimals.

        The one place the app writes a percent (tables, messages and captions all call it); the
        pattern is the locale's own (Babel `Locale.percent_formats`, from CLDR), with the decimals
        this call asks for.

        >>> Messages("en").percent(0.342), Messages("es").percent(0.342, 1)
        ('34%', '34,2\xa0%')
        """
        return _percent(_LOCALES[self.lang], 0 if share == 0 else share, digits)

    def date(self, value: dt.date | dt.datetime | None, style: str = "long") -> str:
        """A day as this language writes it in a sentence: "November 30, 2026", "30 de noviembre de
        2026" (Babel `format_date`, CLDR "long" pattern); `style="medium"` for table cells ("Nov 30,
        2026", "30 nov 2026"); a datetime gives its own calendar day (the app stores UTC); "—" for None.

        >>> Messages("es").date(dt.date(2026, 11, 30))
        '30 de noviembre de 2026'
        """
        if value is None:
            return "—"
        from babel.dates import format_date

        day = value.date() if isinstance(value, dt.datetime) else value
        return format_date(day, style, locale=_LOCALES[self.lang])

    def date_time(self, value: dt.datetime | None, style: str = "long") -> str:
        """A moment as this language writes it: the `date` text and the 24-hour time ("30 de
        noviembre de 2026, 14:05"; design choice: the app's times are UTC and say so where shown).

        >>> Messages("en").date_time(dt.datetime(2026, 11, 30, 14, 5))
        'November 30, 2026, 14:05'
        """
        if value is None:
            return "—"
        return f"{self.date(value, style)}, {value:%H:%M}"

    def month(self, value: dt.date | dt.datetime | None) -> str:
        """A month as this language writes it: "November 2026", "noviembre de 2026" (Babel
        `format_skeleton("yMMMM")`, CLDR's skeleton for a month and year); "—" for None.

        >>> Messages("es").month(dt.date(2025, 11, 1))
        'noviembre de 2025'
        """
        if value is None:
            return "—"
        from babel.dates import format_skeleton

        day = value.date() if isinstance(value, dt.datetime) else value
        return format_skeleton("yMMMM", day, locale=_LOCALES[self.lang])


def level_text(t: Messages, level: object, provisional: bool = False, to_rate: int = 0, role: str | None = None) -> str:
    """A career level as every output writes it, in `t`'s language: "Middle", "Middle as SMM
    manager" (with `role`, the role's name: the level is relative to it), and when provisional
    (below the role's coverage gate, docs/scoring.md "Career level") "Middle (provisional: rate 6
    more competencies of this role)". "—" for no level (nothing answered).

    >>> level_text(Messages("en"), "middle", True, 6)
    'Middle (provisional: rate 6 more competencies of this role)'
    >>> level_text(Messages("es"), "lead", role="Responsable de SMM")
    'Líder como Responsable de SMM'
    """
    if not isinstance(level, str) or not level:
        return "—"
    text = t(f"sal.level.{level}")
    if role:
        text = t("career.as_role", level=text, role=role)
    if provisional and to_rate > 0:
        text = t.plural("career.provisional", to_rate, level=text)
    return text


@lru_cache(maxsize=65_536)
def _formatted(locale: str, value: float, digits: int) -> str:
    """Babel's `format_decimal`, kept per (locale, value, digits): a ranking of 25,000 candidates
    writes 600,000 numbers, most of them the same few scores, and Babel takes about 40 µs for each
    (27 s for the compare page before this cache)."""
    from babel.numbers import format_decimal  # Babel loads only where numbers are shown (`score` starts without it)

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


@lru_cache(maxsize=65_536)
def _percent(locale_id: str, share: float, digits: int) -> str:
    """`Messages.percent` kept per (locale, share, digits), as `_formatted` is for numbers."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = Locale.parse(locale_id)
    base = locale.percent_formats[None].pattern  # "#,##0%" (en), "#,##0\u00a0%" (es)
    pattern = base.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
    return format_percent(share, format=pattern, locale=locale)
