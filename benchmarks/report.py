"""The Markdown of a run (results/<size>-<stamp>.md), written from its JSON."""


def _ms(value):
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _verdict(result):
    if result["target_ms"] is None:
        return "(no target)"
    return "met" if result["meets_target"] else "**MISSED**"


def latency_table(queries):
    lines = [
        "| Query class | Target | Stack p50 / p95 / p99 (ms) | Raw SQL p50 / p95 / p99 (ms) "
        "| Stack/raw (p50) | Verdict |",
        "|---|---|---|---|---|---|",
    ]
    for result in queries.values():
        stack, raw = result["stack"], result["raw"]
        target = "—" if result["target_ms"] is None else f"< {result['target_ms']:g} ms"
        raw_label = f"; raw: {result['raw_label']}" if result.get("raw_label") else ""
        lines.append(
            f"| {result['title']}<br><sub>{result['stack_label']}{raw_label}</sub> | {target} "
            f"| {_ms(stack['p50'])} / {_ms(stack['p95'])} / {_ms(stack['p99'])} "
            f"| {_ms(raw['p50'])} / {_ms(raw['p95'])} / {_ms(raw['p99'])} "
            f"| {result['ratio_p50']}× | {_verdict(result)} |"
        )
    return lines


def _stock_outcome(level):
    """What the level's contested stock did: the hot product's when every cart wanted it, else the
    scarce product's, which more carts want than it has."""
    if level.get("hot_product_only"):
        hot = level["hot_products"]
        return f"hot product: {hot['units_sold']:,} units sold of {hot['available_before']:,} in stock"
    scarce = level["scarce_product"]
    return (
        f"scarce product: {scarce['units_sold']} sold of {scarce['available_before']}, "
        f"{scarce['carts_wanting_it']} carts wanted it"
    )


def checkout_table(checkout):
    lines = [
        "| Level | Carts | Orders placed | Refused | Errors | Orders/s | Latency p50 / p95 (ms) | Zero oversell |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for level in checkout["levels"]:
        refused = ", ".join(f"{n} {code}" for code, n in level["refused"].items()) or "0"
        errors = ", ".join(f"{n} {name}" for name, n in level["errors"].items()) or "0"
        lines.append(
            f"| {level['name']} | {level['carts']} | {level['orders_placed']} | {refused} "
            f"| {errors} | {level['orders_per_second']} "
            f"| {level['latency_ms']['p50']} / {level['latency_ms']['p95']} "
            f"| {'yes' if level['oversell']['zero_oversell'] else '**NO**'} ({_stock_outcome(level)}) |"
        )
    pgbench = checkout["pgbench"]
    if pgbench is None:
        return lines
    lines.append("")
    lines.append(f"pgbench in the same session (`{pgbench['command']}`): **{pgbench['tps']:,.0f} TPS**.")
    return lines


def views_table(refresh):
    lines = ["| Materialized view | Rows | Refresh (ms) |", "|---|---|---|"]
    lines += [f"| {view} | {row['rows']:,} | {row['ms']:,} |" for view, row in refresh.items()]
    return lines


def seeding_lines(seeding):
    total = seeding.get("total")
    if not total:
        return [f"No seeding measurement found ({seeding.get('log')})."]
    wall = f", {seeding['wall_seconds']:.0f} s wall clock in all" if seeding.get("wall_seconds") else ""
    return [
        f"Seeding ({seeding['size']}, from `{seeding['log']}`): {total['rows']:,} rows by COPY in "
        f"{total['seconds']:.0f} s, **{total['rows_per_second']:,} rows/s**{wall}."
    ]


def explain_lines(queries):
    lines = []
    for result in queries.values():
        lines.append(f"- **{result['title']}** (`{result['explain_file']}`):")
        lines += [f"  - {summary}" for summary in result["explain_summary"]]
    return lines


def targets_table(rows):
    lines = ["| Target | Goal | Measured | Verdict |", "|---|---|---|---|"]
    for row in rows:
        verdict = row["verdict"] if row["verdict"] != "not met" else "**not met**"
        lines.append(f"| {row['target']} | {row['goal']} | {row['measured'] or '—'} | {verdict} |")
    return lines


def pages_table(throughput):
    lines = [
        "| Page, run | Addresses | Requests/s | Share of ceiling | Latency p50 / p99 (ms) | Non-2xx |",
        "|---|---|---|---|---|---|",
    ]
    for run, result in throughput.items():
        latency = result["latency_ms"]
        lines.append(
            f"| {run} | {result.get('addresses', 1)} | {result['requests_per_second']:,.0f} "
            f"| {result['share_of_ceiling']:.1%} | {latency.get('p50', '—')} / {latency.get('p99', '—')} "
            f"| {result['non_2xx']} |"
        )
    return lines


def uncached_category_line(category, how):
    return (
        f"Uncached category page, {how}, in process over {category['pages']} pages (categories × filter sets), "
        f"{category['requests']} requests: p50 {category['p50_ms']} ms, p95 {category['p95_ms']} ms, "
        f"at most {category['max_queries']} queries."
    )


def _load_average(values):
    return " / ".join(f"{value:.2f}" for value in values)


def _part_seconds(seconds):
    return ", ".join(f"{part} {value:,} s" for part, value in seconds.items())


def _header(data):
    meta = data["meta"]
    load = meta["load_average"]
    busy = max(load["start"][0], load["end"][0]) > meta["cpus"]
    return [
        f"# ShopFlow benchmarks, {meta['size']} data, {meta['date']}",
        "",
        f"Database `{meta['database']}` ({meta['rows']}); PostgreSQL {meta['postgres']}; {meta['cpus']} CPUs; "
        f"command `{meta['command']}`: {', '.join(meta['parts'])} in {meta['seconds']:,} s"
        + (f" ({_part_seconds(meta['part_seconds'])})." if "part_seconds" in meta else "."),
        "",
        f"Load average (1 / 5 / 15 min) at the start {_load_average(load['start'])}, at the end "
        f"{_load_average(load['end'])}"
        + (
            f": more than the {meta['cpus']} CPUs, so other work shared the machine and the figures are "
            "lower than an idle machine's."
            if busy
            else "."
        ),
        "",
        "## Issue #17 targets",
        "",
        "Shares are of the bench/ping ceiling measured in the same run; the verdicts are computed from "
        "the figures (benchmarks/targets.py).",
        "",
        *targets_table(data["targets"]),
        "",
    ]


def _pages_section(pages):
    return [
        "## Pages: shares of the bare-view ceiling",
        "",
        f"{pages['server']}; {pages['load']}. Cached: the page's addresses in turn, warmed once. Missed: "
        "every request with a query string never seen. Search mixes: 4 in 5 requests among 50 popular "
        "queries, 1 in 5 the same under a never-seen address (realistic mix) or a search never asked "
        "in the run (new searches mix, the one judged).",
        "",
        *pages_table(pages["throughput"]),
        "",
        uncached_category_line(pages["uncached_category"], "its listing fragment shared"),
        "",
        uncached_category_line(pages["uncached_category_cold"], "rendered cold (an address never seen)"),
        "",
    ]


def _queries_section(data):
    queries = data["queries"]
    return [
        "## Query classes (seed 001 targets)",
        "",
        f"Each class timed {'/'.join(str(r['stack']['n']) for r in queries.values())} times with "
        "random parameters, stack (selector/ORM in process, rows fetched) and raw SQL (seed 003 §4) "
        "alternately on the same connection. A target is met when both p95 are under it.",
        "",
        *latency_table(queries),
        "",
        "## Materialized views and seeding",
        "",
        *views_table(data["refresh"]),
        "",
        *seeding_lines(data["seeding"]),
        "",
        "## Plans of the slowest query of each class (EXPLAIN ANALYZE, BUFFERS)",
        "",
        *explain_lines(queries),
        "",
    ]


def _checkout_section(checkout):
    return [
        "## Checkout",
        "",
        "Clients calling checkout.services.place_order on distinct guest carts: hot products shared by "
        "every client plus one scarce product that must sell out, never over; then one hot product "
        "bought by every cart through a gateway that takes 300 ms.",
        "",
        *checkout_table(checkout),
        "",
    ]


def markdown(data):
    """The whole run: the targets first, then each part that ran."""
    sections = _header(data)
    if "pages" in data:
        sections += _pages_section(data["pages"])
    if "queries" in data:
        sections += _queries_section(data)
    if "checkout" in data:
        sections += _checkout_section(data["checkout"])
    return "\n".join(sections)
