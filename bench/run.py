#!/usr/bin/env python3
"""specmoor's benchmark: what specmoor costs next to git itself, in one run.

    python3 bench/run.py              # 100,000 files, 1,000 specs, 10,000 globs
    python3 bench/run.py --quick      # a small repository (the CI smoke test)

Builds specmoor (release) unless --specmoor is given, generates the repository with
bench/genrepo.py (deterministic; reused if present), then times whole processes,
interleaved (specmoor, git, specmoor, git, ...), after one warm-up round:

  pre-commit   specmoor check --staged            vs git diff --cached --name-status
  PR check     specmoor check --base B --head H   vs git diff --name-status -M B H
  coverage     specmoor coverage                   vs git ls-tree -r --name-only HEAD

It reports medians, the ratio specmoor/git and each command's peak memory (RSS), and
then how the PR check scales with the number of globs (1k, 10k, 50k) and with the
number of changed paths (10, 1k, 5k, 20k). Nothing here asserts a time: the numbers
are printed, and the targets (PRODUCT.md P-9) are shown beside them.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, cwd, env):
    """Wall time (s) and peak RSS (MB) of one process; output discarded."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"benchmark: {' '.join(cmd)} exited {code}")
    return wall, ru.ru_maxrss / 1024.0


def measure(pairs, runs, cwd, env):
    """pairs: [(name, cmd)]; interleaved runs after a warm-up; medians."""
    for _, cmd in pairs:
        run(cmd, cwd, env)  # warm-up: page cache, specmoor's blob cache
    times = {n: [] for n, _ in pairs}
    rss = {n: 0.0 for n, _ in pairs}
    for _ in range(runs):
        for n, cmd in pairs:
            t, m = run(cmd, cwd, env)
            times[n].append(t)
            rss[n] = max(rss[n], m)
    return {n: statistics.median(v) for n, v in times.items()}, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=os.path.join(tempfile.gettempdir(), "specmoor-bench"))
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--specs", type=int, default=1_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--specmoor", help="the binary to measure (default: build it with cargo --release)")
    ap.add_argument("--quick", action="store_true", help="small repository, 2 runs: a smoke test")
    a = ap.parse_args()
    if a.quick:
        a.files, a.specs, a.runs = 4_000, 100, 2
        if a.repo == ap.get_default("repo"):
            a.repo += "-quick"

    env = dict(os.environ)
    for k in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]:
        env.pop(k, None)
    env["GIT_CONFIG_NOSYSTEM"] = "1"

    sg = a.specmoor
    if not sg:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        sg = os.path.join(target, "release", "specmoor")
    sg = os.path.abspath(sg)

    # the glob-scaling rows: a tenth of the areas' specs, then 10x and 50x as many
    # globs through scale specs that own code of their own
    areas = max(1, a.specs // 20)
    tenth = max(1, areas // 10)
    scale = 49 * tenth * 20
    marker = os.path.join(a.repo, ".git", "specmoor-bench-params")
    params = f"{a.files} {a.specs} {scale} v2"
    if not (os.path.exists(marker) and open(marker).read() == params):
        subprocess.run(["rm", "-rf", a.repo], check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "genrepo.py"), a.repo, "--files", str(a.files),
                        "--specs", str(a.specs), "--scale-specs", str(scale)], check=True)
        open(marker, "w").write(params)
    files = int(subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=a.repo, env=env,
                               capture_output=True, check=True).stdout.count(b"\n"))
    print(f"\nrepository: {a.repo} — {files:,} files, {a.specs:,} specs, {a.specs * 10:,} ownership globs; "
          f"{a.runs} interleaved runs after a warm-up; {os.cpu_count()} cores\n")

    pairs = [
        ("pre-commit", [sg, "check", "--staged", "--format", "json"], ["git", "diff", "--cached", "--name-status"], 2.0),
        ("PR check (5,000 paths)", [sg, "check", "--base", "base", "--head", "head", "--format", "json"],
         ["git", "diff", "--name-status", "-M", "base", "head"], 3.0),
        ("coverage", [sg, "coverage", "--format", "json"], ["git", "ls-tree", "-r", "--name-only", "HEAD"], 10.0),
    ]
    cmds = []
    for name, s, g, _ in pairs:
        cmds += [(name + " specmoor", s), (name + " git", g)]
    med, rss = measure(cmds, a.runs, a.repo, env)
    print(f"{'':26} {'specmoor':>10} {'git':>10} {'ratio':>7} {'target':>7} {'peak RSS':>10}")
    worst_rss = 0.0
    for name, _, _, target in pairs:
        s, g = med[name + " specmoor"], med[name + " git"]
        r = s / g if g > 0 else float("inf")
        worst_rss = max(worst_rss, rss[name + " specmoor"])
        ok = "ok" if r <= target else "over"
        print(f"{name:26} {s * 1000:8.0f}ms {g * 1000:8.0f}ms {r:6.1f}× {target:5.0f}×  {rss[name + ' specmoor']:7.0f} MB  {ok}")
    print(f"{'peak memory':26} {worst_rss:8.0f} MB (target ≤ 150 MB: {'ok' if worst_rss <= 150 else 'over'})\n")

    # cost against the number of globs: the same range and the same owners of its
    # paths (the specs of a tenth of the areas), then 10x and 50x the globs through
    # specs that own other code (1k, 10k, 50k globs by default)
    spec_files = subprocess.run(["git", "ls-files", "specs", "scale/specs"], cwd=a.repo, env=env,
                                capture_output=True, check=True, text=True).stdout.split()
    in_tenth = sum(1 for f in spec_files if f.startswith("specs/area") and int(f[10:12]) < tenth)
    n_a = sum(1 for f in spec_files if f.startswith("scale/specs/a/"))
    n_b = sum(1 for f in spec_files if f.startswith("scale/specs/b/"))
    sel = f'"specs/area0[0-{tenth - 1}]/**/*.md"' if tenth <= 10 else '"specs/**/*.md"'
    configs = {
        f"{in_tenth * 10:,} globs": f'specs: [{sel}]\nignore: ["scale/**", "/*.md"]\n',
        f"{(in_tenth + n_a) * 10:,} globs": f'specs: [{sel}, "scale/specs/a/*.md"]\nignore: ["/*.md"]\n',
        f"{(in_tenth + n_a + n_b) * 10:,} globs": f'specs: [{sel}, "scale/specs/**/*.md"]\nignore: ["/*.md"]\n',
    }
    rows = []
    with tempfile.TemporaryDirectory() as td:
        for label, text in configs.items():
            path = os.path.join(td, label.replace(" ", "-") + ".yml")
            open(path, "w").write(text + "rules: { unowned: warn }\n")
            rows.append((label, [sg, "check", "--base", "base", "--head", "head", "--format", "json", "--config", path],
                         [sg, "check", "--staged", "--format", "json", "--config", path]))
        cmds = []
        for label, pr, st in rows:
            cmds += [(label + " pr", pr), (label + " staged", st)]
        gmed, _ = measure(cmds, a.runs, a.repo, env)
    base_pr = gmed[rows[0][0] + " pr"]
    print(f"{'globs (the same changes)':26} {'PR check':>10} {'vs first':>8} {'pre-commit':>11}")
    for label, _, _ in rows:
        print(f"{label:26} {gmed[label + ' pr'] * 1000:8.0f}ms {gmed[label + ' pr'] / base_pr:7.2f}× {gmed[label + ' staged'] * 1000:9.0f}ms")
    print("(target: 1k → 50k globs costs ≤ 1.3× as much)\n")

    # cost against the number of changed paths
    ranges = [("10 paths", "scale-10"), ("1,000 paths", "scale-1000"), ("5,000 paths", "head"), ("20,000 paths", "scale-20000")]
    cmds = []
    for label, ref in ranges:
        cmds += [(label + " specmoor", [sg, "check", "--base", "base", "--head", ref, "--format", "json"]),
                 (label + " git", ["git", "diff", "--name-status", "-M", "base", ref])]
    cmed, _ = measure(cmds, a.runs, a.repo, env)
    print(f"{'changed paths':26} {'specmoor':>10} {'git -M':>10} {'ratio':>7}")
    for label, _ in ranges:
        s, g = cmed[label + " specmoor"], cmed[label + " git"]
        print(f"{label:26} {s * 1000:8.0f}ms {g * 1000:8.0f}ms {s / g:6.1f}×")
    print()


if __name__ == "__main__":
    main()
