# redteam 05: a config that exists in the revision but not (or not readably) in the work tree
mkdir o && cd o
init
mkdir -p docs/specs lib
printf -- '---\nversion: 1.0.0\n---\n# Auth\n' > docs/specs/auth.md
echo a > lib/login.rs
printf 'specs: ["docs/specs/**/*.md"]\nowners:\n  - spec: docs/specs/auth.md\n    paths: ["lib/**"]\n' > .specmoor.yml
commit init
echo b > lib/login.rs
commit "code only"
cd ..
git clone -q --bare o bare.git
git clone -q --no-local o sp
git -C sp sparse-checkout set --no-cone '/lib/' '/docs/' 2>/dev/null
echo c > sp/lib/login.rs
git -C sp add lib/login.rs
git clone -q --no-local o del
echo c > del/lib/login.rs
git -C del add lib/login.rs
rm del/.specmoor.yml
