"""make bench's options: every part by default, --only for some."""

from benchmarks.run import parse_args


def test_every_part_runs_by_default_at_the_large_size():
    args = parse_args([])

    assert (args.size, args.parts) == ("large", ["pages", "queries", "checkout"])


def test_only_runs_the_parts_named_in_the_suites_order():
    args = parse_args(["--size", "medium", "--only", "checkout", "--only", "pages"])

    assert (args.size, args.parts) == ("medium", ["pages", "checkout"])
