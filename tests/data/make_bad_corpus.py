"""Writes the bad-input corpus in tests/data/bad/ (run: python tests/data/make_bad_corpus.py).

Every file is wrong for every upload and every command of SMM Eval: the tests feed each one to
all of them and expect a clear message, exit status 2 from the command line and an unchanged
database. The 50 MB file is not stored: tests/test_bad_input.py writes it at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "bad"
HEAD = "person,rater,copywriting,seo_basics,kpi_setting"
TEAM_HEAD = "person,rater,role,date,copywriting,seo_basics"
TEXT: dict[str, str] = {
    "semicolon_separated.csv": "person;rater;copywriting;seo_basics\nAna;self;3;2\n",
    "tab_separated.csv": "person\trater\tcopywriting\nAna\tself\t3\n",
    "missing_person_column.csv": "rater,copywriting,seo_basics\nself,3,2\n",
    "extra_unknown_column.csv": f"{HEAD},favourite_colour\nAna,self,3,2,1,blue\n",
    "duplicate_column.csv": "person,rater,copywriting,copywriting\nAna,self,3,2\n",
    "unknown_competency.csv": "person,rater,copywriting,tiktok_dances\nAna,self,3,2\n",
    "level_out_of_range.csv": f"{HEAD}\nAna,self,3,7,2\nBo,self,5,1,1\n",
    "level_negative.csv": f"{HEAD}\nAna,self,-1,2,2\n",
    "level_fractional.csv": f"{HEAD}\nAna,self,2.5,2,2\n",
    "level_comma_decimal.csv": f'{HEAD}\nAna,self,"2,5",2,2\n',
    "level_text.csv": f"{HEAD}\nAna,self,three,2,2\n",
    "level_infinity.csv": f"{HEAD}\nAna,self,inf,NaN,2\n",
    "duplicate_rows.csv": f"{HEAD}\nAna,self,3,2,2\nAna,self,3,2,2\n",
    "empty.csv": "",
    "only_whitespace.csv": "  \n\n\t\n",
    "header_only.csv": f"{HEAD}\n",
    "ragged_rows.csv": f"{HEAD}\nAna,self,3,2\nBo,self,1,1,1,1,1\n",
    "unclosed_quote.csv": f'{HEAD}\n"Ana,self,3,2,2\nBo,self,1,1,1\n',
    "empty_person.csv": f"{HEAD}\n,self,3,2,2\n   ,lead,1,1,1\n",
    "formula_names.csv": f'{HEAD}\n"=HYPERLINK(""http://evil.example"",""click"")",self,3,9,2\n+cmd|calc,@SUM(A1),2,2,2\n',
    "script_tags.csv": f"{HEAD}\n<script>alert('x')</script>,<img src=x onerror=alert(1)>,3,2,x\n",
    "markdown_names.csv": f"{HEAD}\n**Bold** [link](http://evil.example) `code`,# Heading,3,2,-2\n",
    "very_long_name.csv": f"{HEAD}\n{'A' * 5000},self,3,2,2\n",
    "cyrillic_names.csv": f"{HEAD}\nИрина Петрова,Павел Смирнов,3,2,6\nЁжиков Степан,self,2,2,2\n",
    "spanish_names.csv": f"{HEAD}\nLucía Fernández,José Núñez,3,2,2.75\nÁlvaro Peña,self,2,2,2\n",
    "team_missing_role.csv": "person,rater,date,copywriting\nAna,self,2026-03-01,3\n",
    "team_unknown_role.csv": f"{TEAM_HEAD}\nAna,self,astronaut,2026-03-01,3,2\n",
    "team_bad_date.csv": f"{TEAM_HEAD}\nAna,self,smm_manager,31/02/2026,3,9\n",
    "candidates_bad_salary.csv": "name,contact,source,expected_salary,notes\nAna,a@example.com,hh,sixty thousand,ok\n",
    "candidates_duplicate_names.csv": "name,notes\nAna,first\nAna,second\n",
    "observations_bad_values.csv": (
        "salary_from,salary_to,currency,region,level,work_format,role,date\n"
        "90000,60000,rub,mars,guru,underwater,astronaut,yesterday\n"
    ),
    "json_truncated.json": '{"format": "smm-eval-self-assessment", "version": 1, "answers": {"copywriting": 3',
    "json_wrong_format.json": json.dumps({"format": "something-else", "version": 1, "answers": {}}),
    "json_unknown_competency.json": json.dumps(
        {
            "format": "smm-eval-self-assessment",
            "version": 1,
            "saved_at": "2026-10-01T10:00:00Z",
            "role": "smm_manager",
            "answers": {"tiktok_dances": 3},
        }
    ),
    "json_level_out_of_range.json": json.dumps(
        {
            "format": "smm-eval-self-assessment",
            "version": 1,
            "saved_at": "2026-10-01T10:00:00Z",
            "role": "smm_manager",
            "answers": {"copywriting": 9, "seo_basics": -1},
        }
    ),
    "json_array.json": "[1, 2, 3]",
}
BYTES: dict[str, bytes] = {
    "cp1251_encoding.csv": f"{HEAD}\nИрина,Павел,3,2,2\n".encode("cp1251"),
    "latin1_encoding.csv": f"{HEAD}\nJosé Núñez,self,3,2,2\n".encode("latin-1"),
    "utf16_with_bom.csv": f"{HEAD}\nAna,self,3,2,2\n".encode("utf-16"),
    "utf8_bom_bad_level.csv": b"\xef\xbb\xbf" + f"{HEAD}\nAna,self,3,2,8\n".encode(),
    "binary_png.csv": bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)),
    "nul_bytes.csv": f"{HEAD}\nAna,self,3,2,2\n".encode().replace(b"Ana", b"A\x00na"),
}


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for name, text in TEXT.items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")
    for name, data in BYTES.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(TEXT) + len(BYTES)} files to {HERE}")


if __name__ == "__main__":
    main()
