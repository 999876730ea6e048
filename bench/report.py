"""The serving benchmark's figures as a line per run and as its section of docs/benchmarks.md."""

import re
from pathlib import Path

from load import median, p

HEADING = "## Serving (`make bench`)"
GOALS = {"one": 110, "skd": 15, "page": 25, "count": 10, "engine": 500}


def line(kind: str, r: dict) -> str:
    return (
        f"{kind:<10} {r['workers']} workers: one-approval {r['one'].rate:6.1f}/s, "
        f"SKD {r['skd'].rate:5.1f}/s (server CPU {r['one_cpu']:.0f} / {r['skd_cpu']:.0f} ms "
        f"per lifecycle), inbox p95 first {p(r['first'], 0.95):5.1f} ms, "
        f"page 50 {p(r['page50'], 0.95):5.1f} ms, count {p(r['count'], 0.95):5.1f} ms, "
        f"peak {r['memory']:.0f} MB/worker"
    )


def _calls(r: dict, name: str) -> str:
    samples = r["skd"].calls.get(name) or r["one"].calls.get(name) or []
    return f"{median(samples):.0f} / {p(samples, 0.95):.0f}"


def markdown(results, adapter, ceiling, args, machine, loads, took) -> str:
    rows = []
    for kind, runs in results.items():
        for r in runs:
            rows.append(
                f"| {kind} | {r['workers']} | {r['one'].rate:.1f} | {r['skd'].rate:.1f} | "
                f"{p(r['first'], 0.95):.1f} | {p(r['page50'], 0.95):.1f} | "
                f"{p(r['count'], 0.95):.1f} | {r['memory']:.0f} | {r['one_cpu']:.0f} | "
                f"{r['skd_cpu']:.0f} |"
            )
    calls = []
    for kind, runs in results.items():
        for r in runs:
            calls.append(
                f"| {kind} | {r['workers']} | {_calls(r, 'create')} | {_calls(r, 'approve')} | "
                f"{_calls(r, 'sign')} | {_calls(r, 'handover')} |"
            )
    storage = [
        f"| {kind} | {runs[0]['bytes_per_letter'] / 1024:.1f} KiB | "
        f"{(runs[0]['bytes_per_letter'] - runs[0]['pdf_per_letter']) / 1024:.1f} KiB | "
        f"{runs[0]['pdf_per_letter'] / 1024:.1f} KiB |"
        for kind, runs in results.items()
        if "bytes_per_letter" in runs[0]
    ]
    return "\n".join(
        [
            HEADING,
            "",
            "Written by `make bench` (`bench/serve.py`; method in its docstring). gunicorn",
            "with `gunicorn.conf.py` as `make serve` runs it, over HTTP from "
            f"{args.clients} client threads on the same machine, {args.seconds:.0f} s per run, "
            f"{args.tasks:,} open tasks over 16 kecamatan and 295 desa. {machine}.",
            f"Load average during the run (1, 5, 15 min): {'; '.join(loads)}. "
            f"The whole run took {took:.0f} s.",
            "",
            f"Goals: one-approval >= {GOALS['one']}/s, SKD life >= {GOALS['skd']}/s, inbox p95 < "
            f"{GOALS['page']} ms, /tasks/count < {GOALS['count']} ms, "
            f"engine >= {GOALS['engine']}/s.",
            "",
            "| database | workers | one-approval /s | SKD life /s | inbox first page p95 ms | "
            "page 50 p95 ms | /tasks/count p95 ms | peak MB per worker | "
            "server CPU ms per one-approval | server CPU ms per SKD life |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Per call of the SKD run, median / p95 in ms (approve is the operator's check,",
            "sign the kades' TTE step):",
            "",
            "| database | workers | create | approve | sign | handover |",
            "|---|---|---|---|---|---|",
            *calls,
            "",
            "Bytes stored per finished SKD letter (growth of the database over the SKD run,",
            "divided by the letters finished; the PDF share is every signed revision's blob):",
            "",
            "| database | with the PDF | without the PDF | signed PDFs |",
            "|---|---|---|---|",
            *storage,
            "",
            f"In process, same run: Layang's engine adapter {adapter[0]:.0f} one-approval "
            f"lifecycles/s, {adapter[1]:.0f} per CPU-second (start, snapshot, restore, complete,",
            f"snapshot); SpiffWorkflow alone {ceiling[0]:.0f}/s, {ceiling[1]:.0f} per CPU-second "
            "(serializing the spec with the state; `bench/spiff_alone.py`), the ceiling.",
            "",
            "Per CPU-second figures do not depend on the machine's load: they say what one free",
            "core does. The server CPU columns are the gunicorn workers' user + system time over",
            "a run divided by the lifecycles finished (PostgreSQL's own processes not included);",
            "N free cores carry about N × 1000 / (server CPU ms) lifecycles a second.",
            "",
        ]
    )


def write(path: Path, section: str) -> None:
    """Replace this benchmark's section of the file (or add it), keeping the other sections."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)
