"""Import: a wide ratings file validated and stored as scorecards, on SQLite and PostgreSQL; and
how much longer a file with bad rows takes to be reported than a clean file takes to validate."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Record, growth_exponent, median_time
from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.framework import load_framework, load_roles
from smm_eval.storage import open_database

GROUP = "Import"


def ratings_csv(rows: int, competency_ids: list[str], seed: int = 0, bad: int = 0) -> bytes:
    """`rows` wide rows: rows/2 people rated by two interviewers, 10% of cells empty; `bad` cells
    replaced by invalid levels (out of range, fractional, text)."""
    rng = np.random.default_rng(seed)
    levels = rng.integers(0, 5, (rows, len(competency_ids))).astype(str).astype(object)
    levels[rng.random(levels.shape) < 0.1] = ""
    if bad:
        cells = rng.choice(levels.size, bad, replace=False)
        levels.flat[cells] = rng.choice(["7", "2.5", "three", "-1"], bad)
    frame = pd.DataFrame(levels, columns=competency_ids)
    frame.insert(0, "rater", np.tile(["Irina", "Pavel"], rows // 2 + 1)[:rows])
    frame.insert(0, "person", [f"Candidate {i // 2:06d}" for i in range(rows)])
    return frame.to_csv(index=False).encode("utf-8")


@contextmanager
def databases(with_postgres: bool) -> Iterator[dict[str, Callable[[], str]]]:
    """Factories of fresh empty database URLs: SQLite files and, when asked and possible, a
    throwaway PostgreSQL server on 127.0.0.1 (tests/postgres.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(1_000_000))
        factories: dict[str, Callable[[], str]] = {
            "SQLite": lambda: f"sqlite:///{Path(tmp) / f'{next(counter)}.sqlite'}"
        }
        server = None
        if with_postgres:
            try:
                from tests.postgres import TemporaryPostgres

                server = TemporaryPostgres().start()
                factories["PostgreSQL"] = server.new_database
            except Exception as exc:  # no server binaries or not root: the figure is left out, said why
                factories["PostgreSQL (not available)"] = lambda exc=exc: str(exc)
        try:
            yield factories
        finally:
            if server is not None:
                server.stop()


def import_once(url: str, data: bytes, framework, roles) -> float:
    db = open_database(url)
    try:
        start = time.perf_counter()
        table = read_wide_ratings(data, "ratings.csv", framework.competency_ids, max_bytes=None)
        with db.transaction() as session:
            storage.import_ratings(session, table, "Benchmark vacancy", "smm_manager", framework, roles, source="bench")
        return time.perf_counter() - start
    finally:
        db.dispose()


def _floor_tables(engine, item_rows: bool, cards: int) -> str:
    """Fresh floor tables: a parent `floor_cards` (the scorecards' key) and, for the item layout,
    `floor_items` with the primary key and the FOREIGN KEY to it that `scorecard_items` had (the
    per-row key check is most of PostgreSQL's cost: issue 17). Returns the table to fill."""
    import sqlalchemy as sa

    with engine.begin() as connection:
        for table in ("floor_items", "floor_cards"):
            connection.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
        connection.execute(sa.text(
            "CREATE TABLE floor_cards (id INTEGER PRIMARY KEY, vacancy_id INTEGER REFERENCES vacancies(id), "
            "rater VARCHAR(100), levels VARCHAR(64))"
        ))  # fmt: skip
        if item_rows:
            connection.execute(sa.text(
                "CREATE TABLE floor_items (scorecard_id INTEGER REFERENCES floor_cards(id), competency VARCHAR(64), "
                "level INTEGER, evidence TEXT, PRIMARY KEY (scorecard_id, competency))"
            ))  # fmt: skip
            ids = [{"i": i} for i in range(1, cards + 1)]
            connection.execute(sa.text("INSERT INTO floor_cards (id) VALUES (:i)"), ids)
    return "floor_items" if item_rows else "floor_cards"


def driver_floor(url: str, people: int, competencies: list[str], item_rows: bool = False) -> float:
    """Seconds to insert the ratings alone with the database driver's fastest path (COPY on
    PostgreSQL, executemany on SQLite), in one transaction, foreign key included: what storing them
    costs before any of our own work.

    `item_rows` False (the layout of revision 0014): one row per scorecard holding a 25-character
    levels text, with its foreign key to `vacancies`. True (the older layout, for comparison): one
    row per rating shaped like `scorecard_items`, with its primary key and its foreign key to the
    scorecards (filled beforehand, not timed).
    """
    if item_rows:
        rows = [(card, comp, 3, "") for card in range(1, people * 2 + 1) for comp in competencies
                if (card + len(comp)) % 10]  # fmt: skip
    else:
        rows = [
            (card, 1, "Irina" if card % 2 else "Pavel", "3" * len(competencies)) for card in range(1, people * 2 + 1)
        ]
    db = open_database(url)
    engine = db.engine
    with db.transaction() as session:  # the vacancy the cards' foreign key points at
        from smm_eval.recruiting import vacancy_from_role
        from smm_eval.storage.vacancies import create_vacancy

        framework, roles = load_framework(), load_roles()
        create_vacancy(session, vacancy_from_role("Floor", roles["smm_manager"]), framework, roles)
    table = _floor_tables(engine, item_rows, people * 2)
    start = time.perf_counter()
    with engine.begin() as connection:
        raw = connection.connection.dbapi_connection
        if engine.dialect.name == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(rows[0]))
            raw.cursor().executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608 (fixed names)
    seconds = time.perf_counter() - start
    engine.dispose()
    return seconds


def run(sizes: list[int], bad_rows: int, with_postgres: bool = True) -> list[Record]:
    framework, roles = load_framework(), load_roles()
    comps = framework.competency_ids
    records: list[Record] = []
    files = {n: ratings_csv(n, comps) for n in sizes}
    with databases(with_postgres) as factories:
        for name, new_url in factories.items():
            if "not available" in name:
                records.append(
                    Record(GROUP, f"store a ratings file on {name}", None, float("nan"), "s", note=new_url())
                )
                continue
            seconds = []
            for n in sizes:
                seconds.append(min(import_once(new_url(), files[n], framework, roles) for _ in range(2)))
                ratings = n * len(comps) * 0.9
                floor = driver_floor(new_url(), n // 2, comps)
                items = driver_floor(new_url(), n // 2, comps, item_rows=True)
                limit = 2.0 if name == "SQLite" else 5.0
                records.append(
                    Record(GROUP, f"validate and store a wide ratings file on {name}", n, seconds[-1], "s",
                           "the driver inserting one row per scorecard with its levels, foreign key included (floor)",
                           floor, target=f"under {limit:g} s at 100,000 rows" if n >= 100_000 else "",
                           met=seconds[-1] < limit if n >= 100_000 else None,
                           note=f"{n:,} rows = {n // 2:,} candidates x 2 interviewers, about {ratings:,.0f} ratings; "
                                f"the older layout's floor (one row per rating, primary and foreign key): "
                                f"{items:.2f} s", extra={"item_rows_floor_s": items})
                )  # fmt: skip
            if len(sizes) >= 3:
                k = growth_exponent(sizes, seconds)
                records.append(Record(GROUP, f"growth exponent of import on {name}", None, k, "", target="about 1",
                                      met=k < 1.2))  # fmt: skip
    n = max(sizes)
    clean = median_time(lambda: read_wide_ratings(files[n], "r.csv", comps, max_bytes=None), 3)
    bad = ratings_csv(n, comps, bad=bad_rows)

    def report_bad() -> int:
        try:
            read_wide_ratings(bad, "r.csv", comps, max_bytes=None)
        except InputError as exc:
            return len(exc.problems)
        raise AssertionError("the bad file was accepted")

    problems = report_bad()
    slow = median_time(report_bad, 3)
    records.append(
        Record(GROUP, f"report a file with {bad_rows:,} bad cells", n, slow, "s", "validating the clean file", clean,
               target="under 1 s more than the clean file", met=slow - clean < 1.0,
               note=f"{problems:,} problems listed, each with line and column; {slow - clean:+.2f} s")
    )  # fmt: skip
    return records
