#!/usr/bin/env python3
"""What tags cost: two specmoor builds (one without tag support, or tags off, and one with
them) and git, interleaved on the tagged repository (genrepo.py --tags; run.py --tags
makes it at <repo>-tags), medians and peak RSS; or, with `callgrind` as the 5th
argument, instruction counts of four rows.

    python3 bench/tagcost.py NO_TAGS_BIN TAGS_BIN /tmp/specmoor-bench-tags [RUNS] [callgrind]
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
if len(sys.argv) < 4:
    sys.exit(__doc__)
main_bin, tag_bin, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
mode = sys.argv[5] if len(sys.argv) > 5 else "time"
env = dict(os.environ); env["GIT_CONFIG_NOSYSTEM"] = "1"
for k in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]: env.pop(k, None)
rows = [("pre-commit (10 staged)", ["check", "--staged", "--format", "json"], ["git", "diff", "--cached", "--name-status"])]
for kind, n in [("mixed", 10), ("mixed", 1000), ("mixed", 5000), ("mixed", 20000), ("mod", 5000), ("together", 5000)]:
    rows.append((f"PR: {kind}, {n:,}", ["check", "--base", "base", "--head", f"{kind}-{n}", "--format", "json"],
                 ["git", "diff", "--name-status", "-M", "base", f"{kind}-{n}"]))
rows.append(("coverage", ["coverage", "--format", "json"], ["git", "ls-tree", "-r", "--name-only", "HEAD"]))
if mode == "callgrind":
    rows = [r for r in rows if r[0] in ("pre-commit (10 staged)", "PR: mixed, 10", "PR: mixed, 1,000", "PR: mod, 5,000")]
    with tempfile.TemporaryDirectory() as td:
        for k, (label, cmd, g) in enumerate(rows):
            out = []
            for j, b in enumerate([main_bin, tag_bin]):
                run.run([b, *cmd], repo, env)
                out.append(run.instructions([b, *cmd], repo, env, os.path.join(td, f"{k}{j}.out")))
            gi = run.instructions(g, repo, env, os.path.join(td, f"{k}g.out"))
            print(f"{label:28} no tags {out[0]/1e6:9,.1f}M  tags {out[1]/1e6:9,.1f}M  ({out[1]/out[0]:.2f}×)  git {gi/1e6:8,.1f}M", flush=True)
    sys.exit()
pairs = []
for label, cmd, g in rows:
    pairs += [((label, "main"), [main_bin, *cmd]), ((label, "tags"), [tag_bin, *cmd]), ((label, "git"), g)]
l0 = os.getloadavg()[0]
med, rss = run.measure(pairs, runs, repo, env)
print(f"load {l0:.1f} before, {os.getloadavg()[0]:.1f} after; {runs} interleaved runs")
print(f"{'':28} {'no tags':>9} {'tags on':>9} {'git':>8} {'tags/no':>8} {'tags/git':>8} {'RSS no':>7} {'RSS tags':>8}")
for label, _, _ in rows:
    m, t, g = med[(label, "main")], med[(label, "tags")], med[(label, "git")]
    print(f"{label:28} {m*1000:7.0f}ms {t*1000:7.0f}ms {g*1000:6.0f}ms {t/m:7.2f}× {t/g:7.1f}× {rss[(label,'main')]:5.0f}MB {rss[(label,'tags')]:6.0f}MB")
