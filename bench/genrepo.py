#!/usr/bin/env python3
"""Generate the benchmark repository (deterministic, seedable) with git fast-import.

Layout (defaults): N files (100,000) under src/<area>/<module>/ in a realistic mix of
languages; 1,000 specs under specs/<area>/<module>.md with front matter `owns` (10
globs each: `dir/**`, `*.ext`-style, exact files, negations; 10,000 in all) and
`## FR-n` sections; some generated files with specmoor markers; 4,900 more specs
under scale/specs/ owning code of their own under scale/src/ (ignored in the main
config), so the glob-scaling runs can select 1k, 10k or 50k globs through the
`specs` config; a .specmoor.yml. There are specs/20 areas of 40 modules; every
second module has a spec; a module holds files/(areas*40) files.

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
(--shapes picks a subset, e.g. `--shapes mixed,mod` for the scaling curve.)

--tags F: the tagged variant. A share F (default 0.25) of the code files under src/
carry requirement tags (`// @spec FR-n`, in the file's comment syntax) naming sections
of their module's spec (the module's own, or the one of the module before it when the
module has none); one in three tagged files carries two tags over two functions. The
specs' `## FR-n` sections are numbered uniquely across the repository (spec i has
FR-(5i+1) … FR-(5i+5)), so a bare ID resolves to one section, as tags-design.md asks.
A spec edit in the `together` and `mixed` shapes then touches every section.

The work tree is checked out at `head` with a staged change of 10 files
(--no-checkout: only the index, read from `head` as `git read-tree` writes it).

The fast-import stream is written to git as it is generated: memory grows with the
number of modules and specs (and 8 bytes per file for its random number), not with
the files' contents, so a 1,000,000-file repository with 10,000 specs is
`genrepo.py DIR --files 1000000 --specs 10000 --scale-specs 0`. The default
repository is the same, commit for commit, as the one the in-memory generator made
(the README's numbers were measured on it).

Usage: genrepo.py DIR [--files N] [--specs N] [--globs-per-spec N] [--scale-specs N]
                      [--sizes 10,1000,5000,20000] [--shapes mixed,mod,...] [--tags [F]]
                      [--seed S] [--no-checkout]
"""
import argparse
import array
import os
import random
import subprocess
import sys
from collections.abc import Sequence

EXTS = [("rs", "//"), ("ts", "//"), ("go", "//"), ("py", "#"), ("java", "//"), ("proto", "//"), ("sql", "--"), ("yaml", "#")]
COMMENT = dict(EXTS)
ZERO_SHA = "0" * 64
SHAPES = ["mixed", "mod", "ren", "adddel", "inexact"]  # at every size
SPECIAL = ["unowned", "owned", "together"]  # at 5,000 (or the largest size)
MODULES_PER_AREA = 40


class Layout:
    """Where every file is and what it holds, computed, not stored."""

    def __init__(self, a):
        self.a = a
        self.areas = max(1, a.specs // 20)
        self.fpm = max(1, a.files // (self.areas * MODULES_PER_AREA))  # files per module
        # modules in generation order, (ai, mi)
        self.modules = [(ai, mi) for ai in range(self.areas) for mi in range(MODULES_PER_AREA)]
        # one random number per file, drawn in generation order (the in-memory generator's order)
        rnd = random.Random(a.seed)
        self.rand = array.array("d", (rnd.random() for _ in range(len(self.modules) * self.fpm)))
        # generated files with markers: the first 200 in generation order
        self.gen = set()
        for ai, mi in self.modules:
            for fi in range(self.fpm):
                if len(self.gen) < 200 and self.sub(fi) == "gen":
                    self.gen.add((ai, mi, fi))
            if len(self.gen) >= 200:
                break
        # modules sorted by their folder (paths sort by folder first: every folder ends in '/')
        self.sorted_modules = sorted(self.modules, key=lambda m: self.folder(*m))
        # within a module, the files' order depends only on the extension pattern ((ai+mi) % 8)
        self._order = {}
        self._owned_order = {}
        self.spec_modules = [(self.area(ai), self.mod(mi)) for (ai, mi) in self.modules if mi % 2 == 0][: a.specs]
        self.spec_index = {m: i for i, m in enumerate(self.spec_modules)}
        self.unowned = max(10, a.files // 20)

    @staticmethod
    def area(ai):
        return f"area{ai:02d}"

    @staticmethod
    def mod(mi):
        return f"mod{mi:02d}"

    @staticmethod
    def sub(fi):
        return "gen" if fi % 50 == 49 else ("internal" if fi % 7 == 0 else "")

    def folder(self, ai, mi):
        return f"src/{self.area(ai)}/{self.mod(mi)}/"

    def name(self, ai, mi, fi):
        ext = EXTS[(ai + mi + fi) % len(EXTS)][0]
        sub = self.sub(fi)
        return f"{sub + '/' if sub else ''}file{fi:03d}.{ext}"

    def path(self, ai, mi, fi):
        return self.folder(ai, mi) + self.name(ai, mi, fi)

    def order(self, ai, mi, owned):
        key = (ai + mi) % len(EXTS)
        cache = self._owned_order if owned else self._order
        if key not in cache:
            fis = [fi for fi in range(self.fpm) if not (owned and self.sub(fi) == "gen")]
            cache[key] = sorted(fis, key=lambda fi: self.name(ai, mi, fi))
        return cache[key]

    def parse(self, path):
        """(ai, mi, fi) of a base file under src/."""
        _, area, mod, rest = path.split("/", 3)
        fi = int(rest.rsplit("/", 1)[-1][4:].split(".", 1)[0])
        return int(area[4:]), int(mod[3:]), fi

    def tags_of(self, ai, mi, fi):
        """The requirement IDs a tagged file names (none when it is not tagged)."""
        share = self.a.tags
        if not share:
            return []
        r = random.Random((self.a.seed * 1_000_003 + (ai * MODULES_PER_AREA + mi)) * 10_007 + fi)
        if r.random() >= share:
            return []
        spec = self.spec_index.get((self.area(ai), self.mod(mi - mi % 2)))
        if spec is None:
            return []
        first = spec * 5 + 1
        ids = [f"FR-{first + r.randrange(5)}"]
        if r.random() < 1 / 3:
            ids.append(f"FR-{first + r.randrange(5)}")
        return ids

    def content(self, ai, mi, fi):
        path = self.path(ai, mi, fi)
        x = self.rand[(ai * MODULES_PER_AREA + mi) * self.fpm + fi]
        ids = self.tags_of(ai, mi, fi)
        if ids:
            c = COMMENT[path.rsplit(".", 1)[1]]
            body = f"{c} {path}\n{c} @spec {ids[0]}\nfn item_{ai}_{mi}_{fi}() {{ /* {x:.6f} */ }}\n"
            if len(ids) > 1:
                body += f"\n{c} @spec {ids[1]}\nfn item_{ai}_{mi}_{fi}_b() {{ /* {x:.6f} */ }}\n"
        else:
            body = f"// {path}\nfn item_{ai}_{mi}_{fi}() {{ /* {x:.6f} */ }}\n"
        if (ai, mi, fi) in self.gen:
            c = COMMENT.get(path.rsplit(".", 1)[1], "#")
            body = f"{c} specmoor:generated-from specs/{self.area(ai)}/{self.mod(mi)}.md sha256={ZERO_SHA}\n" + body
        return body

    def content_of(self, path):
        if path.startswith("tools/"):
            return self.tool_content(int(path[7:10]) * 100 + int(path[-5:-3]), path)
        return self.content(*self.parse(path))

    @staticmethod
    def tool_path(k):
        return f"tools/t{k // 100:03d}/tool{k % 100:02d}.py"

    @staticmethod
    def tool_content(k, p):
        return f"# {p}\nprint({k})\n"

    def spec_text(self, area, mod, idx, version="1.0.0", edited=False):
        a, fpm = self.a, self.fpm
        owns = [f"src/{area}/{mod}/**", f"!src/{area}/{mod}/gen/**"]
        # exact files, extension globs under the area, more dirs
        for k in range(a.globs_per_spec - 4):
            fi = (idx * 7 + k * 13) % fpm
            ext = EXTS[(k + idx) % len(EXTS)][0]
            owns.append(f"src/{area}/mod{(idx + k) % MODULES_PER_AREA:02d}/file{fi:03d}.{ext}")
        owns.append(f"src/{area}/**/*.{EXTS[idx % len(EXTS)][0]}")
        owns.append(f"src/{area}/{mod}/internal/")
        first = self.spec_index[(area, mod)] * 5 if a.tags else 0
        body = "".join(f"## FR-{first + n}: Requirement {n} of {mod}\nThe {mod} module does thing {n}.\n\n" for n in range(1, 6))
        if edited:
            body = body.replace("does thing 1.", "does thing 1 better.")
            if a.tags:  # tags name every section: a spec edit that goes with its code touches them all
                body = body.replace(".\n", " better.\n").replace("better better", "better")
        owns_yaml = "".join(f'  - "{g}"\n' for g in owns)
        return (f"---\nversion: {version}\nowns:\n{owns_yaml}---\n# {area}/{mod}\n\n{body}"
                f"## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| {version} | 2026-01-01 | first |\n")

    def scale_files(self, i):
        """Scale spec i and the two files it owns: [(path, content)]."""
        a = self.a
        d = f"scale/src/s{i:04d}"
        ext = EXTS[i % len(EXTS)][0]
        own = [f"{d}/a.{ext}", f"{d}/internal/b.{ext}"]
        out = [(fp, f"// {fp}\nfn scale_{i}() {{}}\n") for fp in own]
        globs = [f"{d}/**", f"!{d}/gen/**"] + [own[k % 2] for k in range(a.globs_per_spec - 4)] + [f"{d}/**/*.{ext}", f"{d}/internal/"]
        owns_yaml = "".join(f'  - "{g}"\n' for g in globs)
        first = (len(self.spec_modules) + i) * 5 if a.tags else 0
        body = "".join(f"## FR-{first + n}: Requirement {n} of scale {i}\nScale spec {i} does thing {n}.\n\n" for n in range(1, 6))
        split = a.scale_specs * 9 // 49
        out.append((f"scale/specs/{'a' if i < split else 'b'}/s{i:04d}.md",
                    f"---\nversion: 1.0.0\nowns:\n{owns_yaml}---\n# scale {i}\n\n{body}"
                    "## Changelog\n\n| Version | Date | Changes |\n|---|---|---|\n| 1.0.0 | 2026-01-01 | first |\n"))
        return out

    def base_files(self):
        """Every (path, content) of the base tree, in any order, generated as it goes."""
        for ai, mi in self.modules:
            for fi in range(self.fpm):
                yield self.path(ai, mi, fi), self.content(ai, mi, fi)
        for k in range(self.unowned):
            p = self.tool_path(k)
            yield p, self.tool_content(k, p)
        yield "README.md", "# bench repository\n"
        yield "Cargo.lock", "# lock\n"
        for i, (area, mod) in enumerate(self.spec_modules):
            yield f"specs/{area}/{mod}.md", self.spec_text(area, mod, i)
        # Scale specs own code of their own (scale/src/sNNNN/, two files each), in the
        # same glob shapes: adding them adds globs without adding owners to the paths
        # the benchmark's changes touch, as in a monorepo where a change crosses a few
        # teams' areas. The first 9/49 of them go under scale/specs/a/, the rest under
        # scale/specs/b/, so configs can select 10x and 50x the globs of a tenth.
        for i in range(self.a.scale_specs):
            yield from self.scale_files(i)
        yield ".specmoor.yml", ("version: 1\nspecs: [\"specs/**/*.md\"]\n"
                                "ignore: [\"scale/**\", \"/*.md\"]\n"
                                "rules: { unowned: warn }\n")


class SortedPaths(Sequence):
    """The base tree's paths under src/ in sorted order (only the owned ones: no gen/),
    computed per index, so random.sample picks what it picked from the sorted list."""

    def __init__(self, lay, owned):
        self.lay, self.owned = lay, owned
        self.per = len(lay.order(0, 0, owned)) if lay.modules else 0
        self.n = len(lay.sorted_modules) * self.per

    def __len__(self):
        return self.n

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(self.n))]
        if k < 0:
            k += self.n
        if not 0 <= k < self.n:
            raise IndexError(k)
        ai, mi = self.lay.sorted_modules[k // self.per]
        return self.lay.path(ai, mi, self.lay.order(ai, mi, self.owned)[k % self.per])

    def of_area(self, ai):
        """This sequence's paths in one area, in order."""
        for aj, mi in self.lay.sorted_modules:
            if aj == ai:
                for fi in self.lay.order(ai, mi, self.owned):
                    yield self.lay.path(ai, mi, fi)


class Tools(Sequence):
    def __init__(self, lay):
        self.lay = lay

    def __len__(self):
        return self.lay.unowned

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self.lay.tool_path(k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--specs", type=int, default=1_000)
    ap.add_argument("--globs-per-spec", type=int, default=10)
    ap.add_argument("--scale-specs", type=int, default=4_900)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sizes", default="10,1000,5000,20000", help="changed paths per shape")
    ap.add_argument("--shapes", default=",".join(SHAPES + SPECIAL), help="which shapes of change get branches")
    ap.add_argument("--tags", type=float, nargs="?", const=0.25, default=0.0,
                    help="the share of code files carrying `@spec FR-n` tags (default with the flag: 0.25)")
    ap.add_argument("--no-checkout", action="store_true", help="index only (git read-tree), no work tree")
    a = ap.parse_args()
    lay = Layout(a)
    modules = lay.modules
    spec_modules = lay.spec_modules
    paths = SortedPaths(lay, owned=False)
    owned_paths = SortedPaths(lay, owned=True)
    unowned_paths = Tools(lay)
    content_of = lay.content_of

    # --- changes ----------------------------------------------------------------
    def changeset(n, salt):
        r = random.Random(a.seed * 1000 + salt)
        chosen = r.sample(paths, min(len(paths), n))
        mods = chosen[: n * 6 // 10]
        dels = chosen[n * 6 // 10: n * 7 // 10]
        rens = chosen[n * 7 // 10: n * 8 // 10]
        adds = n - len(mods) - len(dels) - len(rens)
        ops = []
        for p in mods:
            ops.append(("M", p, content_of(p) + f"// changed {salt}\n"))
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
            ai, mi = modules[r.randrange(len(modules))]
            p = f"src/{lay.area(ai)}/{lay.mod(mi)}/new_{salt}_{k:05d}.rs"
            ops.append(("M", p, f"// new file {k}\n"))
        return ops

    def bumped(area, mod, i):
        sp = f"specs/{area}/{mod}.md"
        return ("M", sp, lay.spec_text(area, mod, i, "1.1.0", edited=True).replace(
            "| 1.1.0 | 2026-01-01 | first |", "| 1.0.0 | 2026-01-01 | first |\n| 1.1.0 | 2026-02-01 | second |"))

    def shaped(kind, n, salt):
        """One shape of change, n paths (capped by what the tree has)."""
        r = random.Random(a.seed * 7919 + salt)
        if kind == "mixed":
            return changeset(n, salt)
        if kind in ("mod", "owned"):
            return [("M", p, content_of(p) + f"// changed {salt}\n") for p in r.sample(owned_paths, min(len(owned_paths), n))]
        if kind == "ren":
            return [("R", p, p.replace("/file", "/moved_file")) for p in r.sample(owned_paths, min(len(owned_paths), n))]
        if kind == "adddel":
            dels = r.sample(owned_paths, min(len(owned_paths), n // 2))
            return [("D", p, None) for p in dels] + additions(r, n - len(dels), salt)
        if kind == "inexact":
            ops = []
            for p in r.sample(owned_paths, min(len(owned_paths), n)):
                ops.append(("D", p, None))
                ops.append(("M", p.replace("/file", "/moved_file"), content_of(p) + f"// and changed {salt}\n"))
            return ops
        if kind == "unowned":
            return [("M", p, content_of(p) + f"# changed {salt}\n") for p in r.sample(unowned_paths, min(len(unowned_paths), n))]
        if kind == "together":
            # whole areas, in order, until n code paths: their code and every spec owning it
            ops, bumps = [], []
            for ai in range(lay.areas):
                area = lay.area(ai)
                for p in owned_paths.of_area(ai):
                    if len(ops) >= n:
                        break
                    ops.append(("M", p, content_of(p) + f"// changed {salt}\n"))
                bumps += [bumped(ar, mod, i) for i, (ar, mod) in enumerate(spec_modules) if ar == area]
                if len(ops) >= n:
                    break
            return ops + bumps
        raise ValueError(kind)

    # --- fast-import stream, written as it is generated -------------------------------
    os.makedirs(a.dir, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    for k in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]:
        env.pop(k, None)
    run = lambda *args, **kw: subprocess.run(["git", "-C", a.dir, *args], check=True, env=env, **kw)
    run("-c", "init.defaultBranch=head", "init", "-q")
    run("config", "user.name", "Bench")
    run("config", "user.email", "bench@example.com")
    run("config", "core.autocrlf", "false")
    fi_proc = subprocess.Popen(["git", "-C", a.dir, "fast-import", "--quiet"], stdin=subprocess.PIPE, env=env)
    out = fi_proc.stdin

    def data(s):
        b = s.encode()
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    when = 1767225600  # 2026-01-01
    mark = [0]

    def commit(ref, msg, ops, from_ref=None):
        """ops: iterable of ("M", path, content) | ("D", path, None) | ("R", old, new)."""
        nonlocal when
        when += 60
        mark[0] += 1
        me = mark[0]
        out.write(f"commit {ref}\nmark :{me}\n".encode())
        out.write(f"author Bench <bench@example.com> {when} +0000\ncommitter Bench <bench@example.com> {when} +0000\n".encode())
        data(msg)
        if from_ref:
            out.write(f"from {from_ref}\n".encode())
        for op in ops:
            if op[0] == "M":
                out.write(f"M 100644 inline {op[1]}\n".encode())
                data(op[2])
            elif op[0] == "D":
                out.write(f"D {op[1]}\n".encode())
            else:
                out.write(f"R {op[1]} {op[2]}\n".encode())
        out.write(b"\n")
        return me

    counted = [0]

    def counting(it):
        for x in it:
            counted[0] += 1
            yield ("M", x[0], x[1])

    base = commit("refs/heads/base", "base\n", counting(lay.base_files()))
    sizes = [int(x) for x in a.sizes.split(",")]
    mid = 5000 if 5000 in sizes else max(sizes)
    wanted = set(a.shapes.split(","))
    unknown = wanted - set(SHAPES + SPECIAL)
    if unknown:
        sys.exit(f"genrepo: unknown shapes {sorted(unknown)}")
    # the salts stay those of the full set of branches, so a branch is the same with or without the others
    branches = [(k, n) for k in SHAPES for n in sizes] + [(k, mid) for k in SPECIAL]
    made = []
    for salt, (kind, n) in enumerate(branches, start=1):
        if kind in wanted:
            commit(f"refs/heads/{kind}-{n}", f"{kind}: {n} changed paths\n", shaped(kind, n, salt * 100003 + n),
                   from_ref=f":{base}")
            made.append(f"{kind}-{n}")
    out.close()
    if fi_proc.wait() != 0:
        sys.exit("genrepo: git fast-import failed")
    head = f"mixed-{mid}" if f"mixed-{mid}" in made else (made[0] if made else "base")
    run("branch", "-f", "head", head)
    if a.no_checkout:
        run("symbolic-ref", "HEAD", "refs/heads/head")
        run("read-tree", "head")
    else:
        run("checkout", "-q", "-f", "head")
    # the staged change: 10 files
    staged = 0
    for p in paths[5::max(1, len(paths) // 10)][:10]:
        full = os.path.join(a.dir, p)
        if a.no_checkout:
            present = subprocess.run(["git", "-C", a.dir, "cat-file", "-e", f"head:{p}"], env=env,
                                     stderr=subprocess.DEVNULL).returncode == 0
            if present:
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w") as f:
                    f.write(content_of(p))
        else:
            present = os.path.exists(full)
        if present:
            with open(full, "a") as f:
                f.write("// staged edit\n")
            run("add", "--", p)
            staged += 1
    globs = a.specs * a.globs_per_spec
    print(f"generated {a.dir}: {counted[0]} files at base, {len(spec_modules)} specs, {globs} ownership globs, "
          f"{len(lay.gen)} generated files{', tagged (share %.2f)' % a.tags if a.tags else ''}; "
          f"{len(made)} shaped branches from base, head = {head}; {staged} staged")


if __name__ == "__main__":
    sys.exit(main())
