"""The printed table and the targets of issue 8, judged honestly from the measured figures."""

from __future__ import annotations

from bench.targets import Target


def table(rows: list[dict]) -> str:
    """One line per target and client count, with the ratio of its p50 to the bare route's."""
    floor = {r["clients"]: r["p50_ms"] for r in rows if r["kind"] == "floor"}
    head = (
        f"{'target':<34} {'c':>2} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'x floor':>8} {'SQL/req':>7} {'err':>4}"
        f" {'CPU ms/req':>10}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = r["p50_ms"] / floor[r["clients"]] if floor.get(r["clients"]) else 0
        lines.append(
            f"{r['target']:<34} {r['clients']:>2} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['rps']:>8.1f} "
            f"{ratio:>8.1f} {r['queries']!s:>7} {r['errors']:>4} {r.get('server_cpu_ms', 0):>10.2f}"
        )
    return "\n".join(lines)


def judge(
    rows, found: list[Target], p50_max, p95_max, writes_min, hours_ratio, pdf_max_s, report_max_ms: float = 300
) -> list[str]:
    """Each target: met or NOT met, with the figure that decides it."""
    out = []
    # "Answers in under 300 ms" is the time one request takes: judged with one client; with more clients
    # the requests share 2 cores, and that figure is printed for reference.
    for r in rows:
        if r["kind"] != "report":
            continue
        if r["clients"] != 1:
            out.append(f"(for reference) {r['target']} c={r['clients']}: p95 {r['p95_ms']:.1f} ms")
            continue
        met = r["p95_ms"] < report_max_ms
        verdict = "met    " if met else "NOT met"
        out.append(f"{verdict}  {r['target']} c=1: p95 {r['p95_ms']:.1f} ms (< {report_max_ms:g})")
    pages = [r for r in rows if r["kind"] in ("page", "hours")]
    for name in dict.fromkeys(r["target"] for r in pages):
        mine = [r for r in pages if r["target"] == name]
        worst50, worst95 = max(r["p50_ms"] for r in mine), max(r["p95_ms"] for r in mine)
        met = worst50 < p50_max and worst95 < p95_max
        out.append(
            f"{'met    ' if met else 'NOT met'}  {name}: p50 {worst50:.1f} ms (< {p50_max}), "
            f"p95 {worst95:.1f} ms (< {p95_max})"
        )
    # Throughput "with two workers" is judged where both workers are busy (the most clients); one
    # client keeps one worker busy at a time, so that line is shown for reference.
    writes = [r for r in rows if r["kind"] == "write"]
    busiest = max((r["clients"] for r in writes), default=None)
    for r in writes:
        if r["clients"] != busiest:
            out.append(f"(for reference) {r['target']} c={r['clients']}: {r['rps']:.0f} writes/s, {r['errors']} errors")
            continue
        met = r["rps"] >= writes_min and r["errors"] == 0
        out.append(
            f"{'met    ' if met else 'NOT met'}  {r['target']} c={r['clients']}: {r['rps']:.0f} writes/s "
            f"(>= {writes_min}), {r['errors']} errors (0)"
        )
    for r in rows:
        if r["kind"] == "hours" and r["clients"] == 1 and r.get("raw_sql_ms") != "":
            floor = next((f["p50_ms"] for f in rows if f["kind"] == "floor" and f["clients"] == 1), 0)
            budget = hours_ratio * (r["raw_sql_ms"] + floor)
            met = r["p50_ms"] <= budget
            out.append(
                f"{'met    ' if met else 'NOT met'}  hours totals: p50 {r['p50_ms']:.1f} ms vs raw SQL aggregate "
                f"{r['raw_sql_ms']:.1f} ms + floor {floor:.1f} ms (<= {hours_ratio} x = {budget:.1f} ms)"
            )
    for r in rows:
        if r["kind"] == "pdf":
            met = r["requests"] > 0 and r["p95_ms"] < pdf_max_s * 1000
            out.append(
                f"{'met    ' if met else 'NOT met'}  {r['target']} c={r['clients']}: p95 {r['p95_ms']:.0f} ms "
                f"(< {pdf_max_s * 1000:.0f})"
            )
    for target in found:
        if target.url is None:
            out.append(f"not built  {target.name}")
    return out
