// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: module init and exit, and the AF_INET8 socket family.
 *
 * Pieces come up in dependency order, each undone by a label named after
 * what it undoes; exit runs the exact reverse. The configuration interface
 * comes last and goes first, so userspace never reaches a half-built stack.
 */

#include <linux/module.h>
#include <linux/net.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ipv8.h"

/*
 * One create per socket type. Types without one (SOCK_STREAM) still find
 * the family, so socket(AF_INET8, ...) autoloads the module and answers
 * "type not supported" rather than "no such family".
 */
static int ipv8_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	switch (sock->type) {
	case SOCK_RAW:
		return ipv8_raw_create(net, sock, protocol, kern);
	case SOCK_DGRAM:
		return ipv8_udp_create(net, sock, protocol, kern);
	default:
		return -ESOCKTNOSUPPORT;
	}
}

static const struct net_proto_family ipv8_family_ops = {
	.family	= PF_INET8,
	.create	= ipv8_create,
	.owner	= THIS_MODULE,
};

static int __init ipv8_init(void)
{
	int err;

	BUILD_BUG_ON(sizeof(struct ipv8hdr) != IPV8_HLEN);
	BUILD_BUG_ON(sizeof(struct ipv8hdr) != IPV8_IHL * 4);
	BUILD_BUG_ON(sizeof(struct in8_addr) != 8);
	BUILD_BUG_ON(sizeof(struct sockaddr_in8) != 16);
	BUILD_BUG_ON(sizeof(struct sockaddr_in8) > sizeof(struct sockaddr));
	BUILD_BUG_ON(AF_INET8 >= AF_MAX);

	err = ipv8_fib_module_init();
	if (err)
		return err;
	if (!ipv8_fib_selftest()) {
		err = -ENOTRECOVERABLE;
		goto err_fib;
	}

	err = ipv8_netns_init();
	if (err)
		goto err_fib;
	err = ipv8_device_init();
	if (err)
		goto err_netns;
	err = ipv8_rx_init();
	if (err)
		goto err_device;
	err = ipv8_raw_init();
	if (err)
		goto err_rx;
	err = ipv8_udp_init();
	if (err)
		goto err_raw;
	err = sock_register(&ipv8_family_ops);
	if (err)
		goto err_udp;
	err = ipv8_genl_init();
	if (err)
		goto err_sock;

	pr_info("IPv8 loaded: ethertype 0x%04x, family %d\n", ETH_P_IPV8,
		AF_INET8);
	return 0;

err_sock:
	sock_unregister(PF_INET8);
err_udp:
	ipv8_udp_exit();
err_raw:
	ipv8_raw_exit();
err_rx:
	ipv8_rx_exit();
err_device:
	ipv8_device_exit();
err_netns:
	ipv8_netns_exit();
err_fib:
	ipv8_fib_module_exit();
	return err;
}

static void __exit ipv8_exit(void)
{
	ipv8_genl_exit();
	sock_unregister(PF_INET8);
	ipv8_udp_exit();
	ipv8_raw_exit();
	ipv8_rx_exit();
	ipv8_device_exit();
	ipv8_netns_exit();
	ipv8_fib_module_exit();
	pr_info("IPv8 unloaded\n");
}

module_init(ipv8_init);
module_exit(ipv8_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IPv8: 64-bit ASN-prefixed addressing, a parallel L3 stack");
MODULE_AUTHOR("The IPv8 reference implementation authors");
MODULE_ALIAS_NETPROTO(PF_INET8);
MODULE_ALIAS_GENL_FAMILY(IPV8_GENL_NAME);
