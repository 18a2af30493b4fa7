init
cfg
api_spec | write specs/api.md
write gen/client.py "# specmoor:generated-from specs/api.md#FR-2 sha256=$ZEROS
x = 1
"
write gen/page.html "<!DOCTYPE html>
<!-- specmoor:generated-from specs/api.md sha256=$ZEROS -->
<p>hi</p>
"
write gen/style.css "/* specmoor:generated-from specs/api.md#FR-1 sha256=$ZEROS */
a {}
"
commit initial
append gen/client.py 'y = 2
'
append gen/page.html '<p>edit</p>
'
append gen/style.css 'b {}
'
stage
