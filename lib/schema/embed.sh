#!/bin/sh
# Turn the numbered schema files into C strings, one array per engine:
# pb_schema_steps_ENGINE[i] moves a database from version i to i+1.
# Usage: embed.sh DIR, with the steps in DIR/sqlite and DIR/pg.  Both
# engines must have the same steps, numbered alike (step N moves version
# N-1 to N on either), or the build fails here.
set -e
dir=$1
nums() {
	for f in "$dir/$1"/[0-9]*.sql; do
		[ -e "$f" ] || continue
		f=${f##*/}
		echo "${f%%-*}"
	done
}
if [ -z "$(nums sqlite)" ]; then
	echo "embed.sh: no schema steps in $dir/sqlite" >&2
	exit 1
fi
if [ "$(nums sqlite)" != "$(nums pg)" ]; then
	echo "embed.sh: the schema steps differ between $dir/sqlite and $dir/pg:" >&2
	echo "  sqlite: $(nums sqlite | tr '\n' ' ')" >&2
	echo "  pg:     $(nums pg | tr '\n' ' ')" >&2
	exit 1
fi
echo '/* Generated from the lib/schema SQL files by lib/schema/embed.sh. */'
echo '#include <stddef.h>'
for engine in sqlite pg; do
	n=0
	echo "const char *const pb_schema_steps_$engine[] = {"
	for f in "$dir/$engine"/[0-9]*.sql; do
		[ -e "$f" ] || continue
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
		echo ','
		n=$((n + 1))
	done
	echo '};'
	echo "const size_t pb_schema_nsteps_$engine = $n;"
done
