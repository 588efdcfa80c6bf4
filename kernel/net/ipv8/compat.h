/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels ipv8.ko supports (6.1 to 6.12 LTS)
 * is bridged here and nowhere else.
 *
 * - Dump requests: struct genl_dumpit_info changed shape in that range, so
 *   dumps parse their filter attributes from cb->nlh with nlmsg_parse(),
 *   which is the same everywhere.
 * - Extack messages: NL_SET_ERR_MSG_FMT() does not exist before 6.2; every
 *   message is therefore a constant string.
 */
#ifndef _NET_IPV8_COMPAT_H
#define _NET_IPV8_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "ipv8.ko needs Linux 6.1 or later"
#endif

#endif /* _NET_IPV8_COMPAT_H */
