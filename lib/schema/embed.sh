#!/bin/sh
# Turn the numbered schema files into C strings: pb_schema_steps[i] moves
# a database from user_version i to i+1.
set -e
echo '/* Generated from the lib/schema SQL files by lib/schema/embed.sh. */'
echo '#include <stddef.h>'
echo 'const char *const pb_schema_steps[] = {'
for f in "$@"; do
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
	echo ','
done
echo '};'
echo "const size_t pb_schema_nsteps = $#;"
