#!/usr/bin/env python3
"""The release's names agree everywhere (specs/distribution.md DI-1..DI-3).

Reads `dist plan --output-format=json` (the file given, or stdin) and checks, against
what dist will publish for this version:
- one archive per release target, named specmoor-<target>.tar.gz (.zip on Windows),
  with the binary where `cargo binstall` looks for it ([package.metadata.binstall]
  expanded for each target gives the archive's download URL and the binary's path);
- the Action's install (action/install-release.sh) asks only for archives that exist;
- sha256.sum (what action/record-release.sh reads) and the shell installer are planned;
- the versions agree: Cargo.toml, the core crate and the path dependency on it, the
  root pyproject.toml's pin on the wheel.
Prints one line per target and exits 1 on the first disagreement.
"""
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
}


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def expand(template, ctx):
    def sub(m):
        key = m.group(1)
        if key not in ctx:
            fail(f"binstall template variable {{ {key} }} is not known here")
        return ctx[key]

    return re.sub(r"\{\s*([a-z-]+)\s*\}", sub, template)


def main():
    plan = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    pkg = cargo["package"]
    version, repo = pkg["version"], pkg["repository"]

    core = tomllib.loads((ROOT / "crates/specmoor-core/Cargo.toml").read_text())["package"]
    dep = cargo["dependencies"]["specmoor-core"]
    if dep.get("version") != core["version"]:
        fail(f"the path dependency on specmoor-core asks for {dep.get('version')!r}, the core is {core['version']}")
    shim = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    if shim["version"] != version or shim["dependencies"] != [f"specmoor=={version}"]:
        fail(f"pyproject.toml ({shim['version']}, {shim['dependencies']}) does not pin specmoor=={version}")

    releases = [r for r in plan["releases"] if r["app_name"] == "specmoor"]
    if len(releases) != 1:
        fail(f"the plan releases {[r['app_name'] for r in plan['releases']]}, want specmoor alone")
    release = releases[0]
    if release["app_version"] != version:
        fail(f"the plan releases {release['app_version']}, Cargo.toml says {version}")
    arts = {name: plan["artifacts"][name] for name in release["artifacts"]}

    archives = {}
    for name, art in arts.items():
        if art["kind"] == "executable-zip":
            for t in art["target_triples"]:
                archives[t] = (name, art)
    if set(archives) != TARGETS:
        fail(f"archives for {sorted(archives)}, want {sorted(TARGETS)}")

    binstall = pkg["metadata"]["binstall"]
    for t, (name, art) in sorted(archives.items()):
        windows = "windows" in t
        want = f"specmoor-{t}.zip" if windows else f"specmoor-{t}.tar.gz"
        if name != want:
            fail(f"{t}: dist names the archive {name}, want {want}")
        exe = [a for a in art.get("assets", []) if a.get("kind") == "executable"]
        if len(exe) != 1:
            fail(f"{name}: {len(exe)} executables in the archive, want 1")
        # dist's tarballs hold a specmoor-<target>/ folder; its zips do not
        inside = exe[0]["path"] if windows else f"specmoor-{t}/{exe[0]['path']}"
        meta = {k: v for k, v in binstall.items() if k != "overrides"}
        meta.update(binstall.get("overrides", {}).get(t, {}))
        ctx = {"repo": repo, "version": version, "name": "specmoor", "target": t,
               "bin": "specmoor", "binary-ext": ".exe" if windows else ""}
        url = expand(meta["pkg-url"], ctx)
        if url != f"{repo}/releases/download/v{version}/{name}":
            fail(f"{t}: cargo binstall would fetch {url}")
        bin_dir = expand(meta["bin-dir"], ctx)
        if bin_dir != inside:
            fail(f"{t}: cargo binstall looks for {bin_dir}, the archive has {inside}")
        fmt = "zip" if windows else "tgz"
        if meta.get("pkg-fmt") != fmt:
            fail(f"{t}: binstall pkg-fmt {meta.get('pkg-fmt')!r}, want {fmt}")
        print(f"{t}: {name} ({inside}); binstall and the release agree")

    script = (ROOT / "action/install-release.sh").read_text()
    if ('asset="specmoor-$target.tar.gz"' not in script
            or 'asset="specmoor-$target.zip"' not in script
            or 'key="v$version/$asset"' not in script):
        fail("action/install-release.sh no longer names assets specmoor-<target>.tar.gz/.zip under vX.Y.Z/")
    asked = set(re.findall(r"target=([a-z0-9_]+-[a-z0-9_-]+)", script))
    for t in sorted(asked):
        name = f"specmoor-{t}.zip" if "windows" in t else f"specmoor-{t}.tar.gz"
        if t not in archives or archives[t][0] != name:
            fail(f"action/install-release.sh asks for {name}, which the release does not have")
        print(f"action: {t} -> {name} is released")
    if asked != TARGETS:
        fail(f"the Action installs no release on {sorted(TARGETS - asked)}")

    kinds = {}
    for name, art in arts.items():
        kinds.setdefault(art["kind"], []).append(name)
    if kinds.get("unified-checksum") != ["sha256.sum"]:
        fail(f"no sha256.sum in the release (unified checksums: {kinds.get('unified-checksum')})")
    installers = kinds.get("installer", [])
    if "specmoor-installer.sh" not in installers:
        fail(f"no shell installer in the release (installers: {installers})")
    print(f"release {version}: {len(arts)} files, sha256.sum, installers {sorted(installers)}")


if __name__ == "__main__":
    main()
