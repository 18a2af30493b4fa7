init
mkdir -p specs src
printf -- '---\nversion: 1.0.0\nowns: ["src/**"]\n---\n# A\n' > specs/a.md
echo a > src/a.rs
printf 'rules:\n  config-change: error\n' > .specmoor.yml
commit base
printf 'rules:\n  config-change: error\nignore: ["src/**"]\n' > .specmoor.yml
commit "ignore the code"
