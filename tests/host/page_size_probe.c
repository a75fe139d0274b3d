// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compiled for ARM by the bench target: the size of this array, read back
 * with nm, is sizeof(struct page) on 32-bit ARM for the config given.
 */
#include <anvil/mm.h>

char sizeof_struct_page[sizeof(struct page)];
