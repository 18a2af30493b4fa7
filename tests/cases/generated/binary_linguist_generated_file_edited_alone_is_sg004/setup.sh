init
cfg
api_spec '["assets/**"]' | write specs/api.md
write .gitattributes '*.png linguist-generated
'
commit initial
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\001' | write assets/logo.png
commit binary
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\003' | write assets/logo.png
stage
