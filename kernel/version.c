// SPDX-License-Identifier: GPL-2.0-only
/* The version string, from `git describe` at build time. */
#include <generated/version.h>

extern const char anvil_version[];
const char anvil_version[] = ANVIL_VERSION;
