spec_kit_repo
printf '# mine\nspecs: ["specs/**/*.md"]\r\nrules: {drift: off}\n' >.specmoor.yml
