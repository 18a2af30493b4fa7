# Unicode case folding maps the Kelvin sign (U+212A) to an ASCII `k`: a folder spelt
# with it is, on a case-insensitive checkout, the folder spelt with `k` (and the
# other way round), though one name is ASCII and the other is not.
init
config ""
kelvin=$(printf '\342\204\252')
printf -- '---\nversion: 1.0.0\nowns:\n  "*": ["src/kit/**", "src/%sey/**"]\n---\n# Kit\n' "$kelvin" | write specs/kit.md
write src/kit/a.rs 'ok
'
write "src/${kelvin}ey/b.rs" 'ok
'
commit initial
write "src/${kelvin}it/a.rs" 'evil
'
write src/KEY/b.rs 'evil
'
commit aliases
