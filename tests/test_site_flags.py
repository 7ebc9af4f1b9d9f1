"""Companies' flags: grouped by kind with a count, every flag reachable in its table."""

from __future__ import annotations

from stayready.site import figures


def test_many_alike_flags_become_one_line_with_every_flag_in_its_table():
    rows = [
        {"kind": "reposted_often", "company": f"Co {i}", "title": "Clerk", "location": "Austin, TX",
         "detail": "listed again 3 times"}
        for i in range(131)
    ] + [{"kind": "silence", "company": "Quiet Co", "title": None, "location": None,
          "detail": "no posting since 2026-08"}]  # fmt: skip
    groups = figures.flags(rows)
    assert [(label, n) for label, n, _ in groups] == [
        ("Listed again and again", 131),
        ("Gone quiet", 1),
    ]
    table = groups[0][2]
    assert all(f"Co {i} |" in table for i in range(131))  # none cut off
    assert "more." not in table


def test_no_flags():
    assert figures.flags([]) == []


def test_thousands_of_flags_fold_the_first_rows_and_every_one_is_in_the_csv():
    rows = [
        {"kind": "reposted_often", "company": f"Co {i}", "title": "Clerk", "location": "Austin",
         "detail": "listed again 3 times"}
        for i in range(figures.FLAG_ROWS + 50)
    ]  # fmt: skip
    [(label, n, table)] = figures.flags(rows)
    assert n == figures.FLAG_ROWS + 50
    assert f"Co {figures.FLAG_ROWS - 1} |" in table and f"Co {figures.FLAG_ROWS} |" not in table
    lines = figures.flags_csv(rows).splitlines()
    assert lines[0] == "kind,company,title,place,what" and len(lines) == n + 1
    assert f"reposted_often,Co {n - 1},Clerk,Austin,listed again 3 times" in lines


def test_the_csv_never_hands_a_spreadsheet_a_formula():
    rows = [{"kind": "silence", "company": '=HYPERLINK("http://x.example","hi")',
             "title": "+1 Clerk", "location": "@home", "detail": "-2"}]  # fmt: skip
    import csv
    import io

    [row] = list(csv.DictReader(io.StringIO(figures.flags_csv(rows))))
    assert all(not v.startswith(("=", "+", "-", "@")) for v in row.values())
    assert row["company"] == "'" + rows[0]["company"]
