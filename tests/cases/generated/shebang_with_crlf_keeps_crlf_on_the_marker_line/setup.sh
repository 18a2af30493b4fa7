init
cfg "$GEN_CFG"
api_spec | write specs/api.md
printf '#!/bin/sh\r\necho hi\r\n' | write gen/run.sh
commit initial
