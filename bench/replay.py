#!/usr/bin/env python3
"""Replay a repository's history through specmoor and measure what it flags.

    python3 bench/replay.py --repo PATH --config FILE [--last 200 | --commits A..B]
                            [--specmoor BIN] [--json] [--details] [--rev REV]
                            [--per-process]

For every non-merge commit C of the first-parent history (newest N, or the range A..B;
--all-branches: of every merged branch too, for histories made of merge commits)
it asks specmoor what

    specmoor -C PATH check --base C^ --head C --format json --config FILE

says: by default in one process, `specmoor audit --range P..TIP --format json`
(P the parent of the oldest listed commit; `--first-parent` unless --all-branches),
whose per-commit findings are exactly check's (specs/adoption.md AD-5), keeping the
listed commits; with --per-process, one `check` process per commit as above (slower;
a commit that cannot be checked is recorded and the replay goes on, where audit stops
at exit 2). It prints, per rule, the flag rate (commits with at least one error, and with at
least one warning, of that rule; waived findings are counted apart), how many commits
blocked (exit 1) and how many could not be checked (exit 2, with the first reason),
the time per commit (median and p95), and the flagged commits (sha, subject, codes;
with --details each finding's path, spec and message) for a human to read and judge.
--json prints the same as one JSON document.

The replayed repository is never modified: specmoor reads commits from git objects
(no checkout, no work tree; a bare repository works), the configuration is a file
outside the repository, and specmoor's cache lives outside it too. The tool checks
this: the repository's refs and HEAD are compared before and after the replay.
A root commit (no parent) is skipped and counted.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", repo, *args], check=True, capture_output=True, text=True
    ).stdout


def repo_state(repo):
    """What replaying must leave untouched: every ref and HEAD."""
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)") + git(
        repo, "rev-parse", "HEAD"
    )


def commits(repo, last, rng, rev, every):
    """(sha, parent-or-None, subject), newest first, first parent (or every
    branch's, with --all-branches), no merges."""
    args = ["log", "--no-merges", "--format=%H%x00%P%x00%s"]
    if not every:
        args.insert(1, "--first-parent")
    if rng:
        args.append(rng)
    else:
        args += [f"--max-count={last}", rev]
    out = []
    for line in git(repo, *args).splitlines():
        sha, parents, subject = line.split("\x00", 2)
        parents = parents.split()
        out.append((sha, parents[0] if parents else None, subject))
    return out


def percentile(values, p):
    if not values:
        return 0.0
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def replay_audit(a, repo, config, todo):
    """The listed commits' verdicts from one `specmoor audit` run, and its timing."""
    judged = [t for t in todo if t[1] is not None]
    by_id, timing = {}, None
    if judged:
        tip = a.rev
        if a.commits:
            tip = a.commits.split("..", 1)[1] or "HEAD"
        rng = a.commits or f"{judged[-1][1]}..{tip}"
        cmd = [a.specmoor, "-C", repo, "--config", config, "audit", "--range", rng,
               "--format", "json"]
        if not a.all_branches:
            cmd.append("--first-parent")
        env = dict(os.environ)
        env.setdefault("NO_COLOR", "1")
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if p.returncode != 0:
            reason = (p.stderr.strip().splitlines() or [""])
            sys.exit(f"replay: specmoor audit exited {p.returncode}: {' '.join(reason)[:600]}\n"
                     "(--per-process checks each commit alone and records the ones that fail)")
        doc = json.loads(p.stdout)
        by_id = {c["id"]: c for c in doc["commits"]}
        timing = doc.get("timing")
    results = []
    for sha, parent, subject in todo:
        if parent is None:
            results.append({"sha": sha, "subject": subject, "skipped": "root commit"})
            continue
        c = by_id.get(sha)
        if c is None:
            results.append({"sha": sha, "subject": subject, "exit": "missing",
                            "error": "not in the audited range"})
            continue
        results.append({"sha": sha, "subject": subject,
                        "exit": 1 if c["verdict"] == "fail" else 0,
                        "findings": c["findings"]})
    return results, timing


def replay(a):
    repo = os.path.abspath(a.repo)
    config = os.path.abspath(a.config)
    before = repo_state(repo)
    todo = commits(repo, a.last, a.commits, a.rev, a.all_branches)
    if not a.per_process:
        results, timing = replay_audit(a, repo, config, todo)
        if repo_state(repo) != before:
            sys.exit("replay: the replayed repository's refs changed during the replay")
        return results, timing
    env = dict(os.environ)
    env.setdefault("NO_COLOR", "1")
    results = []
    for i, (sha, parent, subject) in enumerate(todo):
        if parent is None:
            results.append({"sha": sha, "subject": subject, "skipped": "root commit"})
            continue
        cmd = [a.specmoor, "-C", repo, "check", "--base", parent, "--head", sha,
               "--format", "json", "--config", config]
        start = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        r = {"sha": sha, "subject": subject, "exit": p.returncode, "seconds": wall}
        if p.returncode in (0, 1):
            try:
                r["findings"] = json.loads(p.stdout)["findings"]
            except (ValueError, KeyError):
                r["exit"] = "bad-json"
                r["error"] = p.stdout[:200]
        else:
            r["error"] = (p.stderr.strip().splitlines() or [""])[0][:300]
        results.append(r)
        if not a.json and sys.stderr.isatty():
            print(f"\r{i + 1}/{len(todo)}", end="", file=sys.stderr, flush=True)
    if not a.json and sys.stderr.isatty():
        print(file=sys.stderr)
    if repo_state(repo) != before:
        sys.exit("replay: the replayed repository's refs changed during the replay")
    return results, None


def summarise(results, timing=None):
    checked = [r for r in results if "skipped" not in r]
    n = len(checked)
    per = collections.defaultdict(lambda: {"error": 0, "warning": 0, "waived": 0, "findings": 0})
    for r in checked:
        seen = collections.defaultdict(set)
        for f in r.get("findings", []):
            key = f"{f['code']} {f.get('rule', '')}".strip()
            per[key]["findings"] += 1
            if f.get("waived"):
                seen[key].add("waived")
            elif f.get("severity") == "error":
                seen[key].add("error")
            else:
                seen[key].add("warning")
        for key, kinds in seen.items():
            for k in kinds:
                per[key][k] += 1
    times = [r["seconds"] for r in checked if "seconds" in r]
    exit2 = [r for r in checked if r["exit"] not in (0, 1)]
    return {
        "commits": n,
        "skipped": len(results) - n,
        "blocked": sum(1 for r in checked if r["exit"] == 1),
        "exit2": len(exit2),
        "exit2_reasons": collections.Counter(r.get("error", "") for r in exit2).most_common(5),
        "rules": {k: dict(v, error_rate=v["error"] / n if n else 0.0,
                          warning_rate=v["warning"] / n if n else 0.0)
                  for k, v in sorted(per.items())},
        # per commit: whole processes with --per-process, else audit's own times
        "seconds": {
            "median": statistics.median(times) if times else 0.0,
            "p95": percentile(times, 95),
            "total": sum(times),
        } if timing is None else {
            "median": timing["median_ms"] / 1000.0,
            "p95": timing["p95_ms"] / 1000.0,
            "total": timing["total_ms"] / 1000.0,
        },
    }


def codes(r):
    c = collections.Counter(
        f["code"] + ("(w)" if f.get("severity") != "error" and not f.get("waived") else "")
        for f in r.get("findings", []))
    return " ".join(f"{k}x{v}" if v > 1 else k for k, v in sorted(c.items()))


def text(s, results, details):
    n = s["commits"]
    pct = lambda k: f"{100.0 * k / n:5.1f}%" if n else "   - "
    print(f"commits replayed  {n}   (skipped: {s['skipped']} root)")
    print(f"blocked (exit 1)  {s['blocked']}  {pct(s['blocked'])}")
    print(f"exit 2            {s['exit2']}")
    for reason, k in s["exit2_reasons"]:
        print(f"    {k} x {reason}")
    t = s["seconds"]
    print(f"time per commit   median {t['median'] * 1000:.0f} ms, p95 {t['p95'] * 1000:.0f} ms"
          f" (total {t['total']:.1f} s)")
    print()
    print(f"{'rule':<28} {'error':>7} {'rate':>6} {'warn':>7} {'rate':>6} {'waived':>6} {'findings':>8}")
    for k, v in s["rules"].items():
        print(f"{k:<28} {v['error']:>7} {pct(v['error'])} {v['warning']:>7} {pct(v['warning'])}"
              f" {v['waived']:>6} {v['findings']:>8}")
    print()
    print("flagged commits (newest first):")
    for r in results:
        if r.get("exit") == 0 and not r.get("findings"):
            continue
        if "skipped" in r:
            continue
        mark = {1: "BLOCK", 0: "warn "}.get(r["exit"], f"EXIT{r['exit']}")
        print(f"  {r['sha'][:10]} {mark} {codes(r) or r.get('error', '')}  {r['subject'][:90]}")
        if details:
            for f in r.get("findings", []):
                where = " ".join(x for x in (f.get("path"), f.get("spec") and f"[{f['spec']}]") if x)
                print(f"      {f['code']} {f.get('severity')}: {where}: {f.get('message', '')[:240]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, help="the repository to replay (bare or not)")
    ap.add_argument("--config", required=True, help="specmoor configuration, outside the repository")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--last", type=int, default=200, help="the newest N non-merge commits (200)")
    g.add_argument("--commits", metavar="A..B", help="a revision range instead of --last")
    ap.add_argument("--rev", default="HEAD", help="where --last counts back from (HEAD)")
    ap.add_argument("--all-branches", action="store_true",
                    help="every non-merge commit, not only the first-parent line (for histories"
                         " of merged pull requests, whose mainline is mostly merges)")
    ap.add_argument("--specmoor", default=os.path.join(ROOT, "target", "debug", "specmoor"))
    ap.add_argument("--json", action="store_true", help="machine output")
    ap.add_argument("--details", action="store_true", help="each flagged commit's findings")
    ap.add_argument("--per-process", action="store_true",
                    help="one `specmoor check` process per commit instead of one `specmoor audit`")
    a = ap.parse_args()
    if not os.path.exists(a.specmoor):
        sys.exit(f"replay: no specmoor at {a.specmoor} (cargo build, or --specmoor BIN)")
    results, timing = replay(a)
    s = summarise(results, timing)
    if a.json:
        json.dump({"summary": s, "commits": results}, sys.stdout, indent=1)
        print()
    else:
        text(s, results, a.details)


if __name__ == "__main__":
    main()
