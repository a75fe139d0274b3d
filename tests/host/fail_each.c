// SPDX-License-Identifier: GPL-2.0-only
/*
 * See fail_each.h.  Needs CONFIG_FAULT_INJECTION; it owns nothing but the
 * loop, and arms and disarms the two injection sites around each run.
 */
#include <stdio.h>
#include <anvil/errno.h>
#include <anvil/fault_inject.h>
#include "test.h"
#include "fail_each.h"

u32 fail_each_run(const struct fail_each *f)
{
	struct fault_attr *sites[2] = { &fail_slab, &fail_page_alloc };
	u32 injected = 0;

	for (int s = 0; s < 2; s++) {
		for (u32 nth = 1;; nth++) {
			bool hit;
			int err;

			f->prepare();
			f->check();
			f->snap(f->before);
			fault_inject_nth(sites[s], nth);
			err = f->op();
			hit = sites[s]->injected;
			fault_inject_off(sites[s]);
			if (!hit) {
				ASSERT_EQ(err, 0);
				f->check();
				if (f->succeeded)
					f->succeeded();
				f->finish();
				break;
			}
			injected++;
			ASSERT_EQ(err, -ENOMEM);
			f->snap(f->after);
			if (!f->same(f->before, f->after)) {
				test_fail(__FILE__, __LINE__, "%s allocation %u failed and changed state",
					  s ? "page" : "slab", nth);
				test_abort();
			}
			f->check();
			f->finish();
		}
	}
	return injected;
}
