"""The file input/output boundary: every CSV, JSON and YAML file SMM Eval reads or writes.

`tables` is the one CSV table reader (decode, split, header check, located problems); `ratings`,
`candidates` and `team_file` read the CSV formats on top of it; `saved` reads and writes the saved
self-assessment (JSON); `yaml_files` loads the data files in `data/` and validates them with
pydantic; `csv_out` writes CSV whose cells cannot run as spreadsheet formulas. Named `files`
rather than `io` so that no module or tool mistakes it for the standard library's `io`.
"""
