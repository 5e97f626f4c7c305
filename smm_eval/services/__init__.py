"""Services: one function per user action or report, shared by the pages, the CLI and the tests.

Each service takes plain values (ids, bytes, specs, the framework and roles, a database handle)
and returns typed records (frozen dataclasses) or frames; none imports streamlit, and none hands
out an ORM object. `recruiting` serves vacancies, candidates, scorecards and backups; `teams` the
team overview and training plan; `assessment` the self-assessment report; `scoring_file` scoring
a ratings file. Import the submodule you need: `scoring_file` must stay free of the database
layer (the `score` command's start-up is benchmarked).
"""
