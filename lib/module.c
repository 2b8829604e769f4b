/* The optional parts of pb that bring heavy libraries (PostgreSQL's
 * libpq, libxlsxwriter) are modules beside libpb, loaded the first time
 * they are needed, so that a command that does not use them pays nothing
 * for them at startup. */
/* dladdr, to find the modules beside this library. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "pb.h"

const void *pb_module_symbol(const char *soname, const char *symbol,
			     const char *what, const char *needs, pb_err *e)
{
	char path[4096];
	const char *slash;
	Dl_info self;
	const void *sym;
	void *h;

	if (!dladdr((void *)pb_module_symbol, &self) || !self.dli_fname ||
	    !(slash = strrchr(self.dli_fname, '/')))
		snprintf(path, sizeof path, "%s", soname);
	else
		snprintf(path, sizeof path, "%.*s/%s", (int)(slash - self.dli_fname),
			 self.dli_fname, soname);
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) ||
	    !(sym = dlsym(h, symbol))) {
		pb_fail(e, PB_UNAVAILABLE,
			"this pb's %s support cannot be loaded (%s): reinstall pb "
			"with %s",
			what, dlerror(), needs);
		return NULL;
	}
	return sym;
}
