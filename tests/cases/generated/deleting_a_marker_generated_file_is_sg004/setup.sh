# the marker is read from the side where the file still exists
init
cfg
api_spec '["gen/**"]' | write specs/api.md
write gen/api.ts '// @generated
export const a = 1;
'
commit initial
git rm -q gen/api.ts
