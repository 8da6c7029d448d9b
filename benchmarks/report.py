"""The Markdown table of a run (results/<size>-<date>.md), written from its JSON."""


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


def throughput_table(load):
    lines = [
        "| Page | Requests/s | Share of ceiling | Latency p50 / p99 (ms) | Non-2xx |",
        "|---|---|---|---|---|",
    ]
    for page, result in load["pages"].items():
        if "skipped" in result:
            lines.append(f"| {page} | not measured: {result['skipped']} | | | |")
            continue
        latency = result["latency_ms"]
        lines.append(
            f"| {page} | {result['requests_per_second']:,.0f} | {result['share_of_ceiling']:.1%} "
            f"| {latency.get('p50', '—')} / {latency.get('p99', '—')} | {result['non_2xx']} |"
        )
    return lines


def checkout_table(checkout):
    if not checkout["levels"]:
        return ["Not measured in this run (--skip-checkout)."]
    lines = [
        "| Clients | Carts | Orders placed | Refused | Orders/s | Latency p50 / p95 (ms) | Zero oversell |",
        "|---|---|---|---|---|---|---|",
    ]
    for level in checkout["levels"]:
        refused = ", ".join(f"{n} {code}" for code, n in level["refused"].items()) or "0"
        scarce = level["scarce_product"]
        lines.append(
            f"| {level['clients']} | {level['carts']} | {level['orders_placed']} | {refused} "
            f"| {level['orders_per_second']} | {level['latency_ms']['p50']} / {level['latency_ms']['p95']} "
            f"| {'yes' if level['oversell']['zero_oversell'] else '**NO**'} "
            f"(scarce product: {scarce['units_sold']} sold of {scarce['available_before']}, "
            f"{scarce['carts_wanting_it']} carts wanted it) |"
        )
    pgbench = checkout["pgbench"]
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


def markdown(data):
    meta = data["meta"]
    sections = [
        f"# ShopFlow benchmarks, {meta['size']} data, {meta['date']}",
        "",
        f"Database `{meta['database']}` ({meta['rows']}); PostgreSQL {meta['postgres']}; "
        f"{meta['cpus']} CPUs; command `{meta['command']}`.",
        "",
        "## Query classes (seed 001 targets)",
        "",
        f"Each class timed {'/'.join(str(r['stack']['n']) for r in data['queries'].values())} times with "
        "random parameters, stack (selector/ORM in process, rows fetched) and raw SQL (seed 003 §4) "
        "alternately on the same connection. A target is met when both p95 are under it.",
        "",
        *latency_table(data["queries"]),
        "",
        "## Throughput over HTTP",
        "",
        f"{data['load']['server']}; {data['load']['load']}, each page rotating over realistic addresses.",
        "",
        *throughput_table(data["load"]),
        "",
        "## Checkout",
        "",
        "Processes calling checkout.services.place_order on distinct guest carts (hot products shared "
        "by all clients, plus one scarce product that must sell out, never over).",
        "",
        *checkout_table(data["checkout"]),
        "",
        "## Materialized views and seeding",
        "",
        *views_table(data["refresh"]),
        "",
        *seeding_lines(data["seeding"]),
        "",
        "## Plans of the slowest query of each class (EXPLAIN ANALYZE, BUFFERS)",
        "",
        *explain_lines(data["queries"]),
        "",
    ]
    return "\n".join(sections)
