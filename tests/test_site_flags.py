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
