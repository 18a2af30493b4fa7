init
cfg "$GEN_CFG"
api_spec | write specs/api.md
write gen/a.rs 'pub fn a() {}
'
write gen/a.go 'package a
'
write gen/a.py 'def a():
    return 1
'
write gen/a.yaml 'a: 1
'
write gen/a.sql 'SELECT 1;
'
write gen/a.lua 'return 1
'
write gen/a.css 'a { color: red; }
'
write gen/a.html '<p>hi</p>
'
write gen/a.md '# Generated

Text.
'
write gen/a.xml '<?xml version="1.0" encoding="UTF-8"?>
<root/>
'
write gen/run.sh '#!/bin/sh
echo hi
'
printf 'export const a = 1;\r\nexport const b = 2;\r\n' | write gen/a.ts
write gen/nonl.py 'x = 1'
printf '\357\273\277pub fn b() {}\n' | write gen/bom.rs
commit initial
