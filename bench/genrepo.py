#!/usr/bin/env python3
"""Generate the benchmark repository (deterministic, seedable) with git fast-import.

Layout (defaults): N files (100,000) under src/<area>/<module>/ in a realistic mix of
languages; 1,000 specs under specs/<area>/<module>.md with front matter `owns` (10
globs each: `dir/**`, `*.ext`-style, exact files, negations; 10,000 in all) and
`## FR-n` sections; some generated files with specmoor markers; 4,900 more specs
under scale/specs/ owning code of their own under scale/src/ (ignored in the main
config), so the glob-scaling runs can select 1k, 10k or 50k globs through the
`specs` config; a .specmoor.yml.

History: `base` (everything), then branches from base, one per shape of change
(see SHAPES below), each `<shape>-<n>` with n changed paths:

  mixed     modifications, additions, deletions, exact renames and a few spec edits
            (`head` is mixed-5000, the branch the main PR row and glob table use)
  mod       pure modifications of owned code, no spec touched (thousands of SM001)
  ren       exact renames (git reads no blob); n renames count as n paths
  adddel    additions and deletions, half each
  inexact   renames whose content changed too (git compares blobs: -M is slow)
for n in --sizes (10, 1,000, 5,000, 20,000), and at 5,000 (or the largest size):
  unowned   modifications of code no spec owns (tools/, not ignored)
  owned     modifications of owned code only, no spec touched (every path a finding)
  together  code of a few areas with every spec owning it bumped (the passing PR)

The work tree is checked out at `head` with a staged change of 10 files.

Usage: genrepo.py DIR [--files N] [--specs N] [--sizes 10,1000,5000,20000] [--seed S]
"""
import argparse
import os
import random
import subprocess
import sys

EXTS = [("rs", "//"), ("ts", "//"), ("go", "//"), ("py", "#"), ("java", "//"), ("proto", "//"), ("sql", "--"), ("yaml", "#")]
ZERO_SHA = "0" * 64
SHAPES = ["mixed", "mod", "ren", "adddel", "inexact"]  # at every size
SPECIAL = ["unowned", "owned", "together"]  # at 5,000 (or the largest size)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--specs", type=int, default=1_000)
    ap.add_argument("--globs-per-spec", type=int, default=10)
    ap.add_argument("--scale-specs", type=int, default=4_900)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sizes", default="10,1000,5000,20000", help="changed paths per shape")
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    areas = max(1, a.specs // 20)
    modules_per_area = 40
    files_per_module = max(1, a.files // (areas * modules_per_area))

    # --- the tree at base -------------------------------------------------------
    files = {}  # path -> content
    modules = []
    for ai in range(areas):
        area = f"area{ai:02d}"
        for mi in range(modules_per_area):
            mod = f"mod{mi:02d}"
            modules.append((area, mod))
            for fi in range(files_per_module):
                ext, _ = EXTS[(ai + mi + fi) % len(EXTS)]
                sub = "gen" if fi % 50 == 49 else ("internal" if fi % 7 == 0 else "")
                d = f"src/{area}/{mod}/{sub + '/' if sub else ''}"
                path = f"{d}file{fi:03d}.{ext}"
                files[path] = f"// {path}\nfn item_{ai}_{mi}_{fi}() {{ /* {rnd.random():.6f} */ }}\n"
    # generated files with markers (stale fingerprints: SM005 has work to do)
    gen_paths = [p for p in files if "/gen/" in p][:200]
    for p in gen_paths:
        area, mod = p.split("/")[1:3]
        ext = p.rsplit(".", 1)[1]
        c = dict(EXTS).get(ext, "#")
        files[p] = f"{c} specmoor:generated-from specs/{area}/{mod}.md sha256={ZERO_SHA}\n" + files[p]
    # code no spec owns (and the config does not ignore): a twentieth of the files
    unowned_paths = []
    for k in range(max(10, a.files // 20)):
        p = f"tools/t{k // 100:03d}/tool{k % 100:02d}.py"
        files[p] = f"# {p}\nprint({k})\n"
        unowned_paths.append(p)
    files["README.md"] = "# bench repository\n"
    files["Cargo.lock"] = "# lock\n"

    # --- specs ------------------------------------------------------------------
    def spec_text(area, mod, idx, version="1.0.0"):
        owns = [f"src/{area}/{mod}/**", f"!src/{area}/{mod}/gen/**"]
        # exact files, extension globs under the area, more dirs
        for k in range(a.globs_per_spec - 4):
            fi = (idx * 7 + k * 13) % files_per_module
            ext = EXTS[(k + idx) % len(EXTS)][0]
            owns.append(f"src/{area}/mod{(idx + k) % modules_per_area:02d}/file{fi:03d}.{ext}")
        owns.append(f"src/{area}/**/*.{EXTS[idx % len(EXTS)][0]}")
        owns.append(f"src/{area}/{mod}/internal/")
        body = "".join(f"## FR-{n}: Requirement {n} of {mod}\nThe {mod} module does thing {n}.\n\n" for n in range(1, 6))
        owns_yaml = "".join(f'  - "{g}"\n' for g in owns)
        return (f"---\nversion: {version}\nowns:\n{owns_yaml}---\n# {area}/{mod}\n\n{body}"
                f"## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| {version} | 2026-01-01 | first |\n")

    spec_modules = [(area, mod) for (area, mod) in modules if int(mod[3:]) % 2 == 0][: a.specs]
    for i, (area, mod) in enumerate(spec_modules):
        files[f"specs/{area}/{mod}.md"] = spec_text(area, mod, i)
    # Scale specs own code of their own (scale/src/sNNNN/, two files each), in the
    # same glob shapes: adding them adds globs without adding owners to the paths
    # the benchmark's changes touch, as in a monorepo where a change crosses a few
    # teams' areas. The first 9/49 of them go under scale/specs/a/, the rest under
    # scale/specs/b/, so configs can select 10x and 50x the globs of a tenth.
    split = a.scale_specs * 9 // 49
    for i in range(a.scale_specs):
        d = f"scale/src/s{i:04d}"
        ext = EXTS[i % len(EXTS)][0]
        own = [f"{d}/a.{ext}", f"{d}/internal/b.{ext}"]
        for fp in own:
            files[fp] = f"// {fp}\nfn scale_{i}() {{}}\n"
        globs = [f"{d}/**", f"!{d}/gen/**"] + [own[k % 2] for k in range(a.globs_per_spec - 4)] + [f"{d}/**/*.{ext}", f"{d}/internal/"]
        owns_yaml = "".join(f'  - "{g}"\n' for g in globs)
        body = "".join(f"## FR-{n}: Requirement {n} of scale {i}\nScale spec {i} does thing {n}.\n\n" for n in range(1, 6))
        files[f"scale/specs/{'a' if i < split else 'b'}/s{i:04d}.md"] = (
            f"---\nversion: 1.0.0\nowns:\n{owns_yaml}---\n# scale {i}\n\n{body}"
            "## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0.0 | 2026-01-01 | first |\n")

    files[".specmoor.yml"] = ("version: 1\nspecs: [\"specs/**/*.md\"]\n"
                              "ignore: [\"scale/**\", \"/*.md\"]\n"
                              "rules: { unowned: warn }\n")

    # --- changes ----------------------------------------------------------------
    paths = sorted(p for p in files if p.startswith("src/"))

    def changeset(n, salt):
        r = random.Random(a.seed * 1000 + salt)
        chosen = r.sample(paths, min(len(paths), n))
        mods = chosen[: n * 6 // 10]
        dels = chosen[n * 6 // 10: n * 7 // 10]
        rens = chosen[n * 7 // 10: n * 8 // 10]
        adds = n - len(mods) - len(dels) - len(rens)
        ops = []
        for p in mods:
            ops.append(("M", p, files[p] + f"// changed {salt}\n"))
        for p in dels:
            ops.append(("D", p, None))
        for p in rens:
            new = p.replace("/file", "/moved_file")
            ops.append(("R", p, new))
        ops += additions(r, adds, salt)
        # a few specs change too, so version rules and stale markers have work
        for i in range(min(10, n // 100)):
            area, mod = spec_modules[(salt + i * 37) % len(spec_modules)]
            ops.append(bumped(area, mod, i))
        return ops

    def additions(r, k_n, salt):
        ops = []
        for k in range(k_n):
            area, mod = modules[r.randrange(len(modules))]
            p = f"src/{area}/{mod}/new_{salt}_{k:05d}.rs"
            ops.append(("M", p, f"// new file {k}\n"))
        return ops

    def bumped(area, mod, i):
        sp = f"specs/{area}/{mod}.md"
        return ("M", sp, spec_text(area, mod, i, "1.1.0").replace("| 1.1.0 | 2026-01-01 | first |", "| 1.0.0 | 2026-01-01 | first |\n| 1.1.0 | 2026-02-01 | second |").replace("does thing 1.", "does thing 1 better."))

    owned_paths = [p for p in paths if "/gen/" not in p]

    def shaped(kind, n, salt):
        """One shape of change, n paths (capped by what the tree has)."""
        r = random.Random(a.seed * 7919 + salt)
        if kind == "mixed":
            return changeset(n, salt)
        if kind in ("mod", "owned"):
            return [("M", p, files[p] + f"// changed {salt}\n") for p in r.sample(owned_paths, min(len(owned_paths), n))]
        if kind == "ren":
            return [("R", p, p.replace("/file", "/moved_file")) for p in r.sample(owned_paths, min(len(owned_paths), n))]
        if kind == "adddel":
            dels = r.sample(owned_paths, min(len(owned_paths), n // 2))
            return [("D", p, None) for p in dels] + additions(r, n - len(dels), salt)
        if kind == "inexact":
            ops = []
            for p in r.sample(owned_paths, min(len(owned_paths), n)):
                ops.append(("D", p, None))
                ops.append(("M", p.replace("/file", "/moved_file"), files[p] + f"// and changed {salt}\n"))
            return ops
        if kind == "unowned":
            return [("M", p, files[p] + f"# changed {salt}\n") for p in r.sample(unowned_paths, min(len(unowned_paths), n))]
        if kind == "together":
            # whole areas, in order, until n code paths: their code and every spec owning it
            ops, bumps = [], []
            for ai in range(areas):
                area = f"area{ai:02d}"
                for p in owned_paths:
                    if p.startswith(f"src/{area}/") and len(ops) < n:
                        ops.append(("M", p, files[p] + f"// changed {salt}\n"))
                bumps += [bumped(ar, mod, i) for i, (ar, mod) in enumerate(spec_modules) if ar == area]
                if len(ops) >= n:
                    break
            return ops + bumps
        raise ValueError(kind)

    # --- fast-import stream ---------------------------------------------------------
    out = []
    mark = [0]

    def data(s):
        b = s.encode()
        out.append(f"data {len(b)}\n".encode() + b + b"\n")

    def blob(content):
        mark[0] += 1
        out.append(b"blob\n")
        out.append(f"mark :{mark[0]}\n".encode())
        data(content)
        return mark[0]

    when = 1767225600  # 2026-01-01
    def commit(ref, msg, ops, parent_mark=None, from_ref=None):
        nonlocal when
        when += 60
        marks = []
        for op in ops:
            if op[0] == "M":
                marks.append(("M", op[1], blob(op[2])))
            else:
                marks.append(op)
        mark[0] += 1
        me = mark[0]
        out.append(f"commit {ref}\nmark :{me}\n".encode())
        out.append(f"author Bench <bench@example.com> {when} +0000\ncommitter Bench <bench@example.com> {when} +0000\n".encode())
        data(msg)
        if from_ref:
            out.append(f"from {from_ref}\n".encode())
        for m in marks:
            if m[0] == "M":
                out.append(f"M 100644 :{m[2]} {m[1]}\n".encode())
            elif m[0] == "D":
                out.append(f"D {m[1]}\n".encode())
            else:
                out.append(f"R {m[1]} {m[2]}\n".encode())
        out.append(b"\n")
        return me

    base = commit("refs/heads/base", "base\n", [("M", p, c) for p, c in sorted(files.items())])
    sizes = [int(x) for x in a.sizes.split(",")]
    mid = 5000 if 5000 in sizes else max(sizes)
    branches = [(k, n) for k in SHAPES for n in sizes] + [(k, mid) for k in SPECIAL]
    for salt, (kind, n) in enumerate(branches, start=1):
        commit(f"refs/heads/{kind}-{n}", f"{kind}: {n} changed paths\n", shaped(kind, n, salt * 100003 + n),
               from_ref=f":{base}")

    os.makedirs(a.dir, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    for k in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]:
        env.pop(k, None)
    run = lambda *args, **kw: subprocess.run(["git", "-C", a.dir, *args], check=True, env=env, **kw)
    run("-c", "init.defaultBranch=head", "init", "-q")
    run("config", "user.name", "Bench")
    run("config", "user.email", "bench@example.com")
    run("config", "core.autocrlf", "false")
    run("fast-import", "--quiet", input=b"".join(out))
    run("branch", "-f", "head", f"mixed-{mid}")
    run("checkout", "-q", "-f", "head")
    # the staged change: 10 files
    for p in paths[5::max(1, len(paths) // 10)][:10]:
        full = os.path.join(a.dir, p)
        if os.path.exists(full):
            with open(full, "a") as f:
                f.write("// staged edit\n")
            run("add", "--", p)
    globs = a.specs * a.globs_per_spec
    print(f"generated {a.dir}: {len(files)} files at base, {len(spec_modules)} specs, {globs} ownership globs, "
          f"{len(gen_paths)} generated files; {len(branches)} shaped branches from base, head = mixed-{mid}; 10 staged")


if __name__ == "__main__":
    sys.exit(main())
