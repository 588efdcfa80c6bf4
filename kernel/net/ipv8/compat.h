/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels ipv8.ko supports (6.1 to 6.12 LTS) are
 * bridged here and nowhere else. So far none needs a shim, because the code
 * keeps to interfaces that are the same across the range:
 *
 * - Dumps parse their filter attributes from cb->nlh with nlmsg_parse(),
 *   since struct genl_dumpit_info changed shape within the range.
 * - Generic netlink handlers use struct genl_ops with per-op policies and
 *   no pre_doit/post_doit, whose signatures changed in 6.2.
 * - Extack messages are constant strings: NL_SET_ERR_MSG_FMT() is 6.2+.
 *   GENL_REQ_ATTR_CHECK() (which also reports the missing attribute with
 *   NL_SET_ERR_ATTR_MISS()) and reject_message in policies exist in both.
 */
#ifndef _NET_IPV8_COMPAT_H
#define _NET_IPV8_COMPAT_H

#endif /* _NET_IPV8_COMPAT_H */
