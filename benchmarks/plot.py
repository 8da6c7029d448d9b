"""The chart of a run (results/<size>-<stamp>.png), drawn with matplotlib from its JSON: one panel
per part that ran.

- pages: each page's requests/s as a share of the ceiling, cached and missed (and search at its
  realistic mix), with issue #17's 30% and 20% targets;
- checkout: orders/s of each level with its target, and p95 on a second axis;
- query classes: p95 of each seed 001 class as a share of its target, stack and raw.
"""

from matplotlib.figure import Figure

from benchmarks.targets import CHECKOUT_16_RATE, CHECKOUT_64_P95_MS, CHECKOUT_64_SHARE, HOT_PRODUCT_RATE, PAGE_SHARES

CACHED, MISSED, MIX, NEW_MIX, RAW, TARGET = "#3465a4", "#f57900", "#4e9a06", "#75507b", "#8ae234", "#cc0000"
RUN_TARGETS = {run: minimum for (_, run), minimum in PAGE_SHARES.items()}


def _label_bars(axes, bars, texts):
    for bar, text in zip(bars, texts, strict=True):
        axes.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )


def _target_marks(axes, xs, values, width):
    """A dashed red segment over each bar that has a target."""
    if xs:
        lefts, rights = [x - width / 2 for x in xs], [x + width / 2 for x in xs]
        axes.hlines(values, lefts, rights, colors=TARGET, linestyles="--", linewidth=1.5, label="target")


def pages_panel(axes, throughput):
    pages = [run.removesuffix(", cached") for run in throughput if run.endswith(", cached")]
    width = 0.22
    series = [
        ("cached", CACHED, -0.5),
        ("missed", MISSED, 0.5),
        ("realistic mix", MIX, 1.5),
        ("new searches mix", NEW_MIX, 2.5),
    ]
    marks = []
    for kind, colour, offset in series:
        runs = [(index, f"{page}, {kind}") for index, page in enumerate(pages) if f"{page}, {kind}" in throughput]
        xs = [index + offset * width for index, _ in runs]
        shares = [throughput[run]["share_of_ceiling"] for _, run in runs]
        label = f"search, {kind}" if kind.endswith("mix") else kind
        _label_bars(axes, axes.bar(xs, shares, width, color=colour, label=label), [f"{s:.0%}" for s in shares])
        marks += [(x, RUN_TARGETS[run]) for x, (_, run) in zip(xs, runs, strict=True) if run in RUN_TARGETS]
    _target_marks(axes, [x for x, _ in marks], [value for _, value in marks], width * 1.4)
    axes.set_xticks(range(len(pages)), pages)
    axes.set_ylabel("share of the bench/ping ceiling")
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ceiling = throughput["ceiling"]["requests_per_second"]
    axes.set_title(f"Pages under gunicorn: requests/s as a share of the ceiling ({ceiling:,.0f} req/s)")
    shares = [result["share_of_ceiling"] for run, result in throughput.items() if not run.startswith("ceiling")]
    axes.set_ylim(0, max(0.45, *shares) * 1.3)
    axes.legend(loc="upper center", ncols=5, fontsize=8)


def _checkout_target(level, base_rate):
    """The level's orders/s target: its own, or 90% of the 16 clients' rate at 64 clients."""
    if level.get("hot_product_only"):
        return HOT_PRODUCT_RATE
    if level["clients"] == 64 and base_rate is not None:
        return CHECKOUT_64_SHARE * base_rate
    return CHECKOUT_16_RATE if level["clients"] == 16 else None


def checkout_panel(axes, checkout):
    """Orders/s and p95 span orders of magnitude between levels and against the targets: log axes."""
    levels = checkout["levels"]
    xs = range(len(levels))
    rates = [level["orders_per_second"] for level in levels]
    _label_bars(axes, axes.bar(xs, rates, 0.5, color=CACHED, label="orders/s"), [f"{rate:,.0f}" for rate in rates])
    base_rate = next((level["orders_per_second"] for level in levels if level["clients"] == 16), None)
    marks = [(x, _checkout_target(level, base_rate)) for x, level in zip(xs, levels, strict=True)]
    marks = [(x, target) for x, target in marks if target]
    _target_marks(axes, [x for x, _ in marks], [target for _, target in marks], 0.7)
    axes.set_xticks(xs, [level["name"].replace(", ", ",\n") for level in levels], fontsize=8)
    axes.set_ylabel("orders/s (log)")
    axes.set_yscale("log")
    scale = [*rates, *(target for _, target in marks)]
    axes.set_ylim(max(min(scale), 0.1) / 2, max(scale) * 8)
    # p95 beside each bar, on its own axis: levels are not a continuum, so no line joins them.
    latency = axes.twinx()
    p95 = [level["latency_ms"]["p95"] for level in levels]
    p95_xs = [x + 0.33 for x in xs]
    latency.plot(p95_xs, p95, "D", color=MISSED, label="p95 latency (ms)")
    for x, ms in zip(p95_xs, p95, strict=True):
        latency.annotate(f"{ms:,.0f} ms", (x, ms), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    at_64 = next(
        (
            x
            for x, level in zip(p95_xs, levels, strict=True)
            if level["clients"] == 64 and not level.get("hot_product_only")
        ),
        None,
    )
    if at_64 is not None:
        latency.hlines(
            CHECKOUT_64_P95_MS,
            at_64 - 0.15,
            at_64 + 0.15,
            colors=MISSED,
            linestyles=":",
            linewidth=2.5,
            label="p95 target",
        )
    latency.set_ylabel("p95 latency (ms, log)")
    latency.set_yscale("log")
    latency.set_ylim(max(min(*p95, CHECKOUT_64_P95_MS), 1) / 2, max(*p95, CHECKOUT_64_P95_MS) * 8)
    axes.set_title("Checkout: orders/s (bars) and p95 latency (diamonds) per level")
    handles = [*axes.get_legend_handles_labels()[0], *latency.get_legend_handles_labels()[0]]
    axes.legend(handles=handles, loc="upper center", ncols=4, fontsize=8)


def queries_panel(axes, queries):
    timed = [result for result in queries.values() if result["target_ms"]]
    width = 0.38
    highest, lowest = 1.2, 0.5
    for offset, side, colour in ((-0.5, "stack", CACHED), (0.5, "raw", RAW)):
        shares = [result[side]["p95"] / result["target_ms"] for result in timed]
        bars = axes.bar([i + offset * width for i in range(len(timed))], shares, width, color=colour, label=side)
        _label_bars(axes, bars, [f"{share:.0%}" for share in shares])
        highest = max(highest, *shares)
        lowest = min(lowest, *shares)
    axes.axhline(1, color=TARGET, linestyle="--", linewidth=1.5, label="seed 001 target")
    axes.set_xticks(range(len(timed)), [result["title"].split(" (")[0] for result in timed], fontsize=8)
    # Log: a class far over its target must not flatten the others.
    axes.set_ylabel("p95 as a share of its target (log)")
    axes.set_yscale("log")
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_ylim(lowest / 2, highest * 4)
    axes.set_title("Query classes: p95 against the seed 001 targets")
    axes.legend(loc="upper center", ncols=3, fontsize=8)


def draw(data):
    """A Figure with a panel for each part of the run."""
    panels = []
    if "pages" in data:
        panels.append((pages_panel, data["pages"]["throughput"]))
    if data.get("checkout", {}).get("levels"):
        panels.append((checkout_panel, data["checkout"]))
    if "queries" in data:
        panels.append((queries_panel, data["queries"]))
    meta = data["meta"]
    figure = Figure(figsize=(11, 4.2 * max(1, len(panels))), layout="constrained")
    met = sum(row["verdict"] == "met" for row in data["targets"])
    judged = sum(row["verdict"] != "not measured" for row in data["targets"])
    figure.suptitle(
        f"ShopFlow make bench, {meta['size']} data, {meta['date']}: {met} of {judged} measured issue #17 targets met "
        f"(load average {meta['load_average']['start'][0]:.1f} on {meta['cpus']} CPUs)"
    )
    for axes, (panel, part) in zip(figure.subplots(max(1, len(panels)), 1, squeeze=False)[:, 0], panels, strict=False):
        panel(axes, part)
    return figure


def write_chart(data, path):
    draw(data).savefig(path, dpi=100)
    return path
