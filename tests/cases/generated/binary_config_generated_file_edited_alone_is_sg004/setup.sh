init
cfg "$GEN_CFG"
api_spec | write specs/api.md
commit initial
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\001' | write gen/blob.bin
commit binary
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\002\377' | write gen/blob.bin
stage
