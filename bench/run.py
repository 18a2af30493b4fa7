#!/usr/bin/env python3
"""specmoor's benchmark: what specmoor costs next to git itself, in one run.

    python3 bench/run.py              # 100,000 files, 1,000 specs, 10,000 globs
    python3 bench/run.py --quick      # a small repository (the CI smoke test)
    python3 bench/run.py --callgrind  # instruction counts instead of times (valgrind)
    python3 bench/run.py --scaling    # the scaling curve: files, specs, changed paths (to 1M files)
    python3 bench/run.py --tags       # the table plus rows on the tagged variant (--quick has them too)

Builds specmoor (release) unless --specmoor is given, generates the repository with
bench/genrepo.py (deterministic; reused if present), then times whole processes,
interleaved (specmoor, git, specmoor, git, ...; each pair in the other order every
second round), after one warm-up round:

  pre-commit   specmoor check --staged            vs git diff --cached --name-status
  coverage     specmoor coverage                   vs git ls-tree -r --name-only HEAD
  PR check     specmoor check --base B --head H   vs git diff --name-status -M B H
               for every shape of change genrepo.py makes (pure modifications, exact
               renames, additions and deletions, inexact renames, mixed) at 10, 1,000,
               5,000 and 20,000 paths, and at 5,000: no owned path, every path owned
               and no spec touched, specs and code together

It reports medians, the ratio specmoor/git and each command's peak memory (RSS) in one
table, then how the PR check scales with the number of globs (1k, 10k, 50k). Nothing
here asserts a time: the numbers are printed, and the targets (issue #21) beside them.
--callgrind prints instruction counts instead (valgrind), stable on a noisy machine.

--scaling times the pre-commit check, the PR check (the mixed shape at each size) and
coverage on a series of repositories, one factor at a time around 100,000 files and
1,000 specs (10k/100k/1M files; 100/1k/10k specs) and at monorepo scale (1M files, 10k
specs), each generated once with only the mixed branches, and pure modifications and
exact renames at 5,000 paths (`--points` picks them), then
the phases `specmoor check -v` reports for the pre-commit and the largest PR check.
--tags adds rows on the tagged variant of the repository (genrepo.py --tags: a quarter of
the code files carry `// @spec FR-n` tags naming sections of their module's spec): the
pre-commit check, coverage, the mixed PR check at every size, pure modifications and
specs-with-code at 5,000 (--quick always has them: the CI smoke run of tags); with
--scaling, the curve is measured on tagged repositories.
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


def own_cache(env, cwd):
    """Each benchmark repository gets its own specmoor cache (in its .git), so a run does
    not depend on what else the user's cache holds: records of other repositories make
    every lookup slower (a shared cache grown by a 1M-file repository tripled a 100k
    check's RSS). --shared-cache keeps the user's cache."""
    if env.get("SPECMOOR_BENCH_SHARED_CACHE") or "SPECMOOR_CACHE_DIR" in env:
        return env
    return dict(env, SPECMOOR_CACHE_DIR=os.path.join(cwd, ".git", "specmoor-bench-cache"))


def run(cmd, cwd, env):
    """Wall time (s) and peak RSS (MB) of one process; output discarded."""
    env = own_cache(env, cwd)
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"benchmark: {' '.join(cmd)} exited {code}")
    return wall, ru.ru_maxrss / 1024.0


def measure(pairs, runs, cwd, env):
    """pairs: [(name, cmd)] or [(name, cmd, cwd)]; interleaved runs after a warm-up; medians."""
    pairs = [p if len(p) == 3 else (p[0], p[1], cwd) for p in pairs]
    for _, cmd, d in pairs:
        run(cmd, d, env)  # warm-up: page cache, specmoor's blob cache
    times = {n: [] for n, _, _ in pairs}
    rss = {n: 0.0 for n, _, _ in pairs}
    for i in range(runs):
        # every caller lists its commands in pairs (specmoor's, then git's): the pair
        # runs in that order in even rounds and the other way round in odd ones, so
        # neither always runs right after the other (which warms the same objects)
        order = pairs if i % 2 == 0 else [x for k in range(0, len(pairs), 2) for x in reversed(pairs[k:k + 2])]
        for n, cmd, d in order:
            t, m = run(cmd, d, env)
            times[n].append(t)
            rss[n] = max(rss[n], m)
    return {n: statistics.median(v) for n, v in times.items()}, rss


SHAPES = ["mixed", "mod", "ren", "adddel", "inexact"]  # as bench/genrepo.py makes them
SPECIAL = ["unowned", "owned", "together"]
SHAPE_NAMES = {
    "mixed": "mixed (mods, adds, dels, renames, specs)",
    "mod": "pure modifications",
    "ren": "exact renames",
    "adddel": "additions and deletions",
    "inexact": "inexact renames",
    "unowned": "no owned path",
    "owned": "all owned, no spec (all findings)",
    "together": "specs and code together",
}


def instructions(cmd, cwd, env, out):
    """Instructions executed by one process (callgrind's Ir; threads are counted together)."""
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd], cwd=cwd, env=own_cache(env, cwd),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"benchmark: callgrind on {' '.join(cmd)} exited {p.returncode}:\n{p.stderr[-2000:]}")
    for line in open(out):
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    sys.exit(f"benchmark: no instruction count in {out}")


def callgrind(a, sg, env, sizes, mid):
    """Instruction counts of the pre-commit and PR checks, specmoor's and git's: stable
    where wall times drift (a shared machine), so a regression shows as a count."""
    rows = [("pre-commit (10 staged)", [sg, "check", "--staged", "--format", "json"],
             ["git", "diff", "--cached", "--name-status"])]
    shapes = [("mixed", min(sizes)), ("mixed", 1000), ("mixed", mid), ("mod", mid), ("ren", mid)]
    for kind, n in sorted(set(x for x in shapes if x[1] in sizes), key=shapes.index):
        rows.append((f"PR: {SHAPE_NAMES[kind]}, {n:,} paths",
                     [sg, "check", "--base", "base", "--head", f"{kind}-{n}", "--format", "json"],
                     ["git", "diff", "--name-status", "-M", "base", f"{kind}-{n}"]))
    rows.append(("coverage", [sg, "coverage", "--format", "json"], ["git", "ls-tree", "-r", "--name-only", "HEAD"]))
    print(f"{'callgrind: instructions':56} {'specmoor':>10} {'git':>10} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as td:
        for k, (label, s_cmd, g_cmd) in enumerate(rows):
            run(s_cmd, a.repo, env)  # a warm cache, as in the timed runs
            s = instructions(s_cmd, a.repo, env, os.path.join(td, f"s{k}.out"))
            g = instructions(g_cmd, a.repo, env, os.path.join(td, f"g{k}.out"))
            print(f"{label:56} {s / 1e6:9,.1f}M {g / 1e6:9,.1f}M {s / g:5.1f}×")
    print()


POINTS = "10000:1000,100000:1000,1000000:1000,100000:100,100000:10000,1000000:10000"


def ensure_repo(path, files, specs, sizes, env, shapes=None, tags=False, scale_specs=None, version="v3"):
    """Generate the repository unless the one at `path` was made with these parameters."""
    marker = os.path.join(path, ".git", "specmoor-bench-params")
    params = f"{files} {specs} {scale_specs} {sizes} {version}"
    if shapes:
        params += f" shapes={shapes}"
    if tags:
        params += " tags"
    if os.path.exists(marker) and open(marker).read() == params:
        return
    subprocess.run(["rm", "-rf", path], check=True)
    cmd = [sys.executable, os.path.join(HERE, "genrepo.py"), path, "--files", str(files), "--specs", str(specs),
           "--sizes", sizes]
    if scale_specs is not None:
        cmd += ["--scale-specs", str(scale_specs)]
    if shapes:
        cmd += ["--shapes", shapes]
    if tags:
        cmd += ["--tags"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    print(f"  ({time.perf_counter() - start:.0f} s to generate)")
    open(marker, "w").write(params)


def phases(cmd, cwd, env, runs=3):
    """Median ms of each phase `specmoor -v` reports (summed when a phase repeats in a run)."""
    seen = {}
    for _ in range(runs):
        p = subprocess.run([cmd[0], "-v", *cmd[1:]], cwd=cwd, env=own_cache(env, cwd), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        one = {}
        for line in p.stderr.splitlines():
            if line.startswith("specmoor timing:"):
                name, ms = line[len("specmoor timing: "):].rsplit(None, 2)[:2]
                name = ("↳ " if name.startswith(" ") else "") + name.strip()  # ↳: inside the phase before it
                one[name] = one.get(name, 0.0) + float(ms)
        for k, v in one.items():
            seen.setdefault(k, []).append(v)
    return {k: statistics.median(v) for k, v in seen.items()}


def scaling(a, sg, env):
    """The scaling curve: pre-commit, PR checks and coverage over files, specs and changed paths."""
    sizes = [int(x) for x in a.sizes.split(",")]
    points = [tuple(int(x) for x in p.split(":")) for p in a.points.split(",")]
    results = []
    for files, specs in points:
        repo = f"{a.repo}-scaling-{files}-{specs}{'-tags' if a.tags else ''}"
        ensure_repo(repo, files, specs, a.sizes, env, shapes="mixed,mod,ren", tags=a.tags, scale_specs=0, version="v4")
        n = int(subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=repo, env=env,
                               capture_output=True, check=True).stdout.count(b"\n"))
        rows = [("pre-commit (10 staged)", [sg, "check", "--staged", "--format", "json"],
                 ["git", "diff", "--cached", "--name-status"])]
        for k in sizes:
            rows.append((f"PR: mixed, {k:,} paths", [sg, "check", "--base", "base", "--head", f"mixed-{k}", "--format", "json"],
                         ["git", "diff", "--name-status", "-M", "base", f"mixed-{k}"]))
        mid = 5000 if 5000 in sizes else max(sizes)
        for kind in ["mod", "ren"]:
            rows.append((f"PR: {kind}, {mid:,} paths", [sg, "check", "--base", "base", "--head", f"{kind}-{mid}", "--format", "json"],
                         ["git", "diff", "--name-status", "-M", "base", f"{kind}-{mid}"]))
        if not a.no_coverage:
            rows.append(("coverage", [sg, "coverage", "--format", "json"], ["git", "ls-tree", "-r", "--name-only", "HEAD"]))
        cmds = []
        for label, s_cmd, g_cmd in rows:
            cmds += [((label, "s"), s_cmd), ((label, "g"), g_cmd)]
        load = os.getloadavg()[0]
        med, rss = measure(cmds, a.runs, repo, env)
        load = max(load, os.getloadavg()[0])
        ph = {"pre-commit": phases(rows[0][1], repo, env), f"PR {max(sizes):,}": phases(rows[len(sizes)][1], repo, env)}
        results.append((files, specs, n, rows, med, rss, load, ph))
        print(f"{n:,} files ({files:,} code), {specs:,} specs, {specs * 10:,} globs — load ≤ {load:.1f}")
        for label, _, _ in rows:
            s_, g_ = med[(label, "s")], med[(label, "g")]
            print(f"  {label:28} {s_ * 1000:8.0f}ms {g_ * 1000:7.0f}ms {s_ / g_ if g_ else float('inf'):6.1f}× {rss[(label, 's')]:5.0f} MB")
        for which, d in ph.items():
            top = sorted(d.items(), key=lambda kv: -kv[1])[:10]
            print(f"  phases, {which}: " + ", ".join(f"{k} {v:.0f} ms" for k, v in top))
        print(flush=True)

    # one table: a row per repository, a column per check (specmoor ms / ratio to git)
    cols = [r[0] for r in results[0][3]]
    short = {c: c.replace("pre-commit (10 staged)", "pre-commit").replace("PR: mixed, ", "PR ").replace("PR: ", "").replace(" paths", "")
             for c in cols}
    print(f"\n{'files':>10} {'specs':>7} " + " ".join(f"{short[c]:>17}" for c in cols) + f" {'peak RSS':>9} {'load':>5}")
    for files, specs, n, rows, med, rss, load, _ in results:
        cells = []
        for c in cols:
            s_, g_ = med[(c, "s")], med[(c, "g")]
            cells.append(f"{s_ * 1000:7.0f}ms {s_ / g_ if g_ else float('inf'):5.1f}×")
        worst = max(rss[(c, "s")] for c in cols)
        print(f"{n:>10,} {specs:>7,} " + " ".join(f"{x:>17}" for x in cells) + f" {worst:6.0f} MB {load:5.1f}")
    print("(each cell: specmoor's median and its ratio to git's: git diff --cached --name-status, "
          "git diff --name-status -M base <branch>, git ls-tree -r --name-only HEAD; PR N = the mixed shape, "
          "mod/ren = pure modifications/exact renames)\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=os.path.join(tempfile.gettempdir(), "specmoor-bench"))
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--specs", type=int, default=1_000)
    ap.add_argument("--runs", type=int, help="interleaved runs (7; --scaling 3; --quick 2)")
    ap.add_argument("--specmoor", help="the binary to measure (default: build it with cargo --release)")
    ap.add_argument("--quick", action="store_true", help="small repository, 2 runs: a smoke test")
    ap.add_argument("--sizes", default="10,1000,5000,20000", help="changed paths of each shape's branches")
    ap.add_argument("--callgrind", action="store_true", help="instruction counts (valgrind) instead of times")
    ap.add_argument("--no-globs", action="store_true", help="skip the glob-scaling table")
    ap.add_argument("--scaling", action="store_true", help="the scaling curve (files, specs, changed paths) instead")
    ap.add_argument("--points", default=POINTS, help="--scaling: the repositories, files:specs,...")
    ap.add_argument("--no-coverage", action="store_true", help="--scaling: without the coverage column")
    ap.add_argument("--tags", action="store_true", help="also time the tagged variant (genrepo.py --tags)")
    ap.add_argument("--shared-cache", action="store_true", help="use the user's specmoor cache, not one per repository")
    ap.add_argument("--tags-only", action="store_true", help="only the tagged variant's rows (implies --tags, --no-globs)")
    a = ap.parse_args()
    if a.quick:
        a.files, a.specs, a.runs, a.sizes = 4_000, 100, 2, "10,100,500,1000"
        if a.repo == ap.get_default("repo"):
            a.repo += "-quick"
        if a.scaling:
            a.points = "2000:100,4000:100,4000:200"
    a.runs = a.runs or (3 if a.scaling else 7)
    if a.tags_only:
        a.tags = a.no_globs = True

    env = dict(os.environ)
    for k in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]:
        env.pop(k, None)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    if a.shared_cache:
        env["SPECMOOR_BENCH_SHARED_CACHE"] = "1"

    sg = a.specmoor
    if not sg:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        sg = os.path.join(target, "release", "specmoor")
    sg = os.path.abspath(sg)
    if a.scaling:
        scaling(a, sg, env)
        return

    # the glob-scaling rows: a tenth of the areas' specs, then 10x and 50x as many
    # globs through scale specs that own code of their own
    areas = max(1, a.specs // 20)
    tenth = max(1, areas // 10)
    scale = 49 * tenth * 20
    if not a.tags_only:
        ensure_repo(a.repo, a.files, a.specs, a.sizes, env, scale_specs=scale)
    tagged = a.tags or a.quick  # the tagged variant: rows after the main ones (always in the smoke run)
    if tagged:
        ensure_repo(a.repo + "-tags", a.files, a.specs, a.sizes, env, shapes="mixed,mod,together", tags=True,
                    scale_specs=0, version="v4")
    main_repo = a.repo + "-tags" if a.tags_only else a.repo
    files = int(subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=main_repo, env=env,
                               capture_output=True, check=True).stdout.count(b"\n"))
    print(f"\nrepository: {main_repo} — {files:,} files, {a.specs:,} specs, {a.specs * 10:,} ownership globs; "
          f"{a.runs} interleaved runs after a warm-up; {os.cpu_count()} cores\n")

    sizes = [int(x) for x in a.sizes.split(",")]
    mid = 5000 if 5000 in sizes else max(sizes)
    branches = [(k, n) for k in SHAPES for n in sizes] + [(k, mid) for k in SPECIAL]

    if a.callgrind:
        callgrind(a, sg, env, sizes, mid)
        return

    # every shape side by side with git, in one interleaved measurement
    rows = [("pre-commit", "10 staged", [sg, "check", "--staged", "--format", "json"],
             ["git", "diff", "--cached", "--name-status"], 1.5),
            ("coverage", f"{files:,} files", [sg, "coverage", "--format", "json"],
             ["git", "ls-tree", "-r", "--name-only", "HEAD"], 4.0)]
    if a.tags_only:
        rows = []
    for kind, n in ([] if a.tags_only else branches):
        rows.append((f"PR: {SHAPE_NAMES[kind]}", f"{n:,}",
                     [sg, "check", "--base", "base", "--head", f"{kind}-{n}", "--format", "json"],
                     ["git", "diff", "--name-status", "-M", "base", f"{kind}-{n}"], 3.0 if n <= 10 else 2.0))
    if tagged:
        # the tagged variant (genrepo.py --tags): the same checks where a quarter of the code carries tags
        t_repo = a.repo + "-tags"
        t_files = int(subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=t_repo, env=env,
                                     capture_output=True, check=True).stdout.count(b"\n"))
        short = {"mixed": "mixed", "mod": "pure modifications", "together": "specs and code together"}
        rows += [("tagged: pre-commit", "10 staged", [sg, "check", "--staged", "--format", "json"],
                  ["git", "diff", "--cached", "--name-status"], 1.5, t_repo),
                 ("tagged: coverage", f"{t_files:,} files", [sg, "coverage", "--format", "json"],
                  ["git", "ls-tree", "-r", "--name-only", "HEAD"], 4.0, t_repo)]
        for kind, n in [("mixed", n) for n in sizes] + [("mod", mid), ("together", mid)]:
            rows.append((f"tagged PR: {short[kind]}", f"{n:,}",
                         [sg, "check", "--base", "base", "--head", f"{kind}-{n}", "--format", "json"],
                         ["git", "diff", "--name-status", "-M", "base", f"{kind}-{n}"], 3.0 if n <= 10 else 2.0, t_repo))
    rows = [r if len(r) == 6 else (*r, a.repo) for r in rows]
    cmds = []
    for shape, paths, s_cmd, g_cmd, _, d in rows:
        cmds += [((shape, paths, "s"), s_cmd, d), ((shape, paths, "g"), g_cmd, d)]
    load = os.getloadavg()[0]
    med, rss = measure(cmds, a.runs, a.repo, env)
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'shape':44} {'paths':>12} {'specmoor':>9} {'git':>8} {'ratio':>6} {'target':>7} {'peak RSS':>9}")
    worst_rss, over = 0.0, []
    for shape, paths, _, _, target, _ in rows:
        s, g = med[(shape, paths, "s")], med[(shape, paths, "g")]
        r = s / g if g > 0 else float("inf")
        m = rss[(shape, paths, "s")]
        worst_rss = max(worst_rss, m)
        ok = "ok" if r <= target else "over"
        if ok == "over":
            over.append(f"{shape} {paths}")
        print(f"{shape:44} {paths:>12} {s * 1000:7.0f}ms {g * 1000:6.0f}ms {r:5.1f}× ≤{target:3.1f}× {ok:4} {m:5.0f} MB")
    print(f"{'peak memory (worst row)':44} {'':>12} {worst_rss:7.0f} MB (target ≤ 120 MB: {'ok' if worst_rss <= 120 else 'over'})")
    print(f"rows over their target: {len(over)} of {len(rows)}\n")
    if a.no_globs:
        return

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


if __name__ == "__main__":
    main()
