#!/bin/sh
# make install PREFIX=/usr DESTDIR=...: programs, the library with its
# soname links, header, pkg-config file, man pages and completions where
# Debian puts them; the installed programs run (they name the library
# $ORIGIN/../lib/libpb.so.0: the installed one) and every installed man
# page renders and lints clean; make uninstall removes all of it, leaving
# only the empty directories.  The build under test (SAN=1 or not) is the one installed.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

top=$(cd "$TESTS/.." && pwd)
case $PB_BIN in
*/build/san/bin) san=1 ;;
*) san= ;;
esac
command -v make >/dev/null 2>&1 || {
	echo "1..0 # SKIP no make"
	exit 0
}
# A make of its own, not the jobserver of the make running the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
root=$TMP/root

run make -s -C "$top" install PREFIX=/usr DESTDIR="$root" SAN="$san"
is_status 0 "make install PREFIX=/usr DESTDIR=..."

(cd "$root" && find . ! -type d | sort) >"$TMP/out"
# The PostgreSQL module, where the build has libpq.
pgmod=
if [ -e "$PB_BIN/../lib/libpb-pg.so.0" ]; then
	pgmod="
./usr/lib/libpb-pg.so.0"
fi
# The xlsx writer, where the build has libxlsxwriter.
if [ -e "$PB_BIN/../lib/libpb-xlsx.so.0" ]; then
	pgmod="$pgmod
./usr/lib/libpb-xlsx.so.0"
fi
is_out "./usr/bin/pb-db
./usr/bin/pb-event
./usr/bin/pb-member
./usr/bin/pb-org
./usr/bin/pb-pair
./usr/bin/pb-report
./usr/include/pb.h$pgmod
./usr/lib/libpb.so
./usr/lib/libpb.so.0
./usr/lib/libpb.so.0.1.0
./usr/lib/pkgconfig/pb.pc
./usr/share/bash-completion/completions/pb-db
./usr/share/bash-completion/completions/pb-event
./usr/share/bash-completion/completions/pb-member
./usr/share/bash-completion/completions/pb-org
./usr/share/bash-completion/completions/pb-pair
./usr/share/bash-completion/completions/pb-report
./usr/share/man/man1/pb-db.1
./usr/share/man/man1/pb-event.1
./usr/share/man/man1/pb-member.1
./usr/share/man/man1/pb-org.1
./usr/share/man/man1/pb-pair.1
./usr/share/man/man1/pb-report.1
./usr/share/man/man5/pb-schema.5
./usr/share/man/man7/pb.7
./usr/share/zsh/vendor-completions/_pb" "every file where Debian expects it"

ok "[ \"\$(readlink '$root/usr/lib/libpb.so.0')\" = libpb.so.0.1.0 ]" \
	"libpb.so.0 links to the library"
ok "[ \"\$(readlink '$root/usr/lib/libpb.so')\" = libpb.so.0.1.0 ]" \
	"libpb.so links to the library"
run sed -n 's/^prefix=//p' "$root/usr/lib/pkgconfig/pb.pc"
is_out "/usr" "pb.pc names the PREFIX of the install"
ok "[ \"\$(stat -c %a '$root/usr/bin/pb-org')\" = 755 ]" "programs are 0755"
ok "[ \"\$(stat -c %a '$root/usr/share/man/man7/pb.7')\" = 644 ]" \
	"man pages are 0644"

# The installed programs, away from the build tree: PATH has only the
# installed bin, and LD_LIBRARY_PATH nothing of ours.
unset LD_LIBRARY_PATH
for p in pb-org pb-member pb-pair pb-event pb-report pb-db; do
	run "$root/usr/bin/$p" --version
	is_status 0 "installed $p --version"
	is_out_match "^$p 0\\.1\\.0 " "installed $p names itself and its version"
done
run env PATH="$root/usr/bin:/usr/bin:/bin" pb-org add --code jd --name 东湖街道 \
	--kind street
is_status 0 "installed pb-org add"
is_out "jd" "it prints the code"
run env PATH="$root/usr/bin:/usr/bin:/bin" pb-org list --fields code,kind
is_out "jd	street" "installed pb-org list reads it back"
if command -v ldd >/dev/null 2>&1; then
	ldd "$root/usr/bin/pb-org" >"$TMP/ldd" 2>&1
	ok "grep -q '$root/usr/bin/../lib/libpb.so.0' '$TMP/ldd'" \
		"pb-org loads the installed library through \$ORIGIN/../lib"
	ok "! grep -q libpq '$TMP/ldd'" \
		"libpq is not loaded at startup (only for a postgresql: database)"
fi
if [ -n "$pgmod" ]; then
	run "$root/usr/bin/pb-org" --version
	is_out_match "PostgreSQL [0-9]" \
		"the installed library finds the installed PostgreSQL module"
fi

# The installed completion, loaded as bash-completion would, by name.
run bash -c '. "$1"; COMP_WORDS=(pb-event opinion ""); COMP_CWORD=2
	_pb_complete; printf "%s\n" "${COMPREPLY[@]}"' complete \
	"$root/usr/share/bash-completion/completions/pb-event"
is_out "add
answer
list" "the installed bash completion works"

command -v mandoc >/dev/null 2>&1 || {
	echo "Bail out! no mandoc"
	exit 1
}
for m in "$root"/usr/share/man/man*/*; do
	run mandoc -Tutf8 "$m"
	is_status 0 "mandoc renders ${m#"$root"}"
	ok "[ -s '$TMP/out' ]" "${m#"$root"} renders to some text"
	run mandoc -Tlint -Wwarning "$m"
	is_status 0 "mandoc -Tlint -Wwarning ${m#"$root"}: clean"
done

run make -s -C "$top" uninstall PREFIX=/usr DESTDIR="$root" SAN="$san"
is_status 0 "make uninstall"
(cd "$root" && find . ! -type d) >"$TMP/out"
is_out_empty "make uninstall leaves only directories"

# The objects are built again when what they were built with changes (a
# library installed by make deps after a build, another CFLAGS), and
# only then: make -n in a copy of the sources and of the build.
tree=$TMP/tree
mkdir "$tree" && (cd "$top" && cp -a Makefile lib cmd "$tree/") || exit 1
if [ -n "$san" ]; then
	mkdir "$tree/build" && cp -a "$top/build/san" "$tree/build/"
else
	cp -a "$top/bin" "$tree/" && mkdir "$tree/build" &&
		cp -a "$top/build/obj" "$top/build/link" "$top/build/flags" "$tree/build/"
fi || exit 1
run make -n -C "$tree" SAN="$san"
is_status 0 "make -n of the build as it is"
is_out_match "Nothing to be done" "nothing to build"
run make -n -C "$tree" SAN="$san" CFLAGS=-DPB_FLAGS_CHANGED
is_out_match " -DPB_FLAGS_CHANGED .*-c lib/db\.c " "other CFLAGS: libpb built again"
is_out_match " -DPB_FLAGS_CHANGED .*-c cmd/cli\.c " "and the commands"
done_testing
