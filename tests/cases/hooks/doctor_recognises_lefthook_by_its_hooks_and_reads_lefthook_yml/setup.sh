auth_repo
write lefthook.yml 'pre-commit:
  commands:
    lint:
      run: npm run lint
'
for h in pre-commit pre-push commit-msg; do lefthook_hook $h; done
# the README's recipe (commands) in lefthook's other form (jobs), and a broken config
write "$ROOT/recipe.yml" 'commit-msg:
  commands:
    specmoor:
      run: specmoor hook commit-msg {1}
pre-push:
  jobs:
    - name: specmoor
      run: specmoor hook pre-push {1} {2}
'
write "$ROOT/broken.yml" 'commit-msg: [unclosed
'
