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

/**
 * ipv8_ip_setsockopt() - SOL_IP options of raw and UDP8 sockets
 * @sk: the socket
 * @opts: its options
 * @level: must be SOL_IP
 * @optname: IP_TTL (1..255, -1 for the default) or IP_TOS (0..255)
 * @optval: an int, or one octet from callers that pass a char, as AF_INET
 * @optlen: its length
 *
 * SOL_SOCKET options never get here: the socket layer handles them before
 * calling a family.
 *
 * Return: 0, -ENOPROTOOPT, -EFAULT or -EINVAL.
 */
int ipv8_ip_setsockopt(struct sock *sk, struct ipv8_ip_opts *opts, int level,
		       int optname, sockptr_t optval, unsigned int optlen)
{
	u8 octet;
	int val;

	if (level != SOL_IP || (optname != IP_TTL && optname != IP_TOS))
		return -ENOPROTOOPT;
	if (optlen >= sizeof(val)) {
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			return -EFAULT;
	} else if (optlen >= sizeof(octet)) {
		if (copy_from_sockptr(&octet, optval, sizeof(octet)))
			return -EFAULT;
		val = octet;
	} else {
		return -EINVAL;
	}

	if (optname == IP_TTL) {
		if (val == -1)
			val = 0;	/* back to the default */
		else if (val < 1 || val > 255)
			return -EINVAL;
	} else if (val < 0 || val > 255) {
		return -EINVAL;
	}

	lock_sock(sk);
	if (optname == IP_TTL)
		WRITE_ONCE(opts->ttl, val);
	else
		WRITE_ONCE(opts->tos, val);
	release_sock(sk);
	return 0;
}

/**
 * ipv8_ip_getsockopt() - read back what ipv8_ip_setsockopt() set
 * @opts: the socket's options
 * @level: must be SOL_IP
 * @optname: IP_TTL (the default shows as 64) or IP_TOS
 * @optval: where the value goes: an int, or one octet when the buffer is
 *	shorter, as AF_INET
 * @optlen: its length, in and out
 *
 * Return: 0, -ENOPROTOOPT, -EFAULT or -EINVAL.
 */
int ipv8_ip_getsockopt(const struct ipv8_ip_opts *opts, int level,
		       int optname, char __user *optval, int __user *optlen)
{
	void *src;
	u8 octet;
	int len, val;

	if (level != SOL_IP || (optname != IP_TTL && optname != IP_TOS))
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	if (optname == IP_TTL)
		val = READ_ONCE(opts->ttl) ?: IPV8_DEFAULT_TTL;
	else
		val = READ_ONCE(opts->tos);

	src = &val;
	if (len >= (int)sizeof(val)) {
		len = sizeof(val);
	} else if (len > 0) {
		octet = val;
		src = &octet;
		len = sizeof(octet);
	}
	if (put_user(len, optlen) || copy_to_user(optval, src, len))
		return -EFAULT;
	return 0;
}

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
