// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: AF_INET8 SOCK_RAW sockets, the way ping8 speaks ICMPv8.
 *
 * As on AF_INET: a raw socket names one IP protocol, sends bare transport
 * messages behind a header the stack builds, and receives a copy of every
 * locally delivered packet of its protocol, header included. Nothing here
 * knows about ICMP; the sender computes its own checksums.
 *
 * Sockets of a namespace sit on ipv8_net.raw_sockets: linked and unlinked
 * under raw_lock in process context, walked under RCU by the receive path.
 * SOCK_RCU_FREE keeps a socket's memory until that walk is over, and the
 * receive queue is purged only in the destructor, after the grace period,
 * so a packet queued by a walker racing with close() is not leaked.
 *
 * Connected sockets (connect()) keep a default destination and, as on
 * AF_INET, receive only what that peer sends.
 */

#include <linux/capability.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/sockios.h>
#include <linux/sockptr.h>
#include <linux/string.h>
#include <linux/termios.h>	/* TIOCOUTQ and FIONREAD, behind SIOCOUTQ/INQ */
#include <linux/uaccess.h>
#include <net/sock.h>

#include "ipv8.h"

/**
 * struct ipv8_raw_sock - an AF_INET8 raw socket
 * @sk: the socket; first, as sk_alloc() requires
 * @saddr: bound address, all-zero for any; written under the socket lock
 *	with WRITE_ONCE(), read locklessly by ipv8_raw_deliver()
 * @daddr: peer of a connected socket, all-zero when not connected; as @saddr
 * @opts: SOL_IP options
 */
struct ipv8_raw_sock {
	struct sock	sk;
	struct in8_addr	saddr;
	struct in8_addr	daddr;
	struct ipv8_ip_opts opts;
};

static struct ipv8_raw_sock *ipv8_raw_sk(struct sock *sk)
{
	return container_of(sk, struct ipv8_raw_sock, sk);
}

/*
 * A filter address matches anything when all-zero, else itself only. The
 * two halves are written one at a time (ipv8_sk_set_addr()), so a walker
 * racing with bind() or connect() may see a mix of the old and the new
 * address for one packet; it then skips a packet that neither address
 * would have taken anyway, or takes one either would have.
 */
static bool ipv8_raw_addr_match(const struct in8_addr *filter,
				const struct in8_addr *addr)
{
	__be32 asn = READ_ONCE(filter->s8_asn);
	__be32 host = READ_ONCE(filter->s8_host);

	if (!asn && !host)
		return true;
	return asn == addr->s8_asn && host == addr->s8_host;
}

/* ---- socket list ------------------------------------------------------- */

static int ipv8_raw_hash(struct sock *sk)
{
	struct ipv8_net *ipn = ipv8_pernet(sock_net(sk));

	spin_lock(&ipn->raw_lock);
	sk_add_node_rcu(sk, &ipn->raw_sockets);
	spin_unlock(&ipn->raw_lock);
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	return 0;
}

static void ipv8_raw_unhash(struct sock *sk)
{
	struct ipv8_net *ipn = ipv8_pernet(sock_net(sk));

	spin_lock(&ipn->raw_lock);
	if (sk_del_node_init_rcu(sk))
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	spin_unlock(&ipn->raw_lock);
}

static void ipv8_raw_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/* Runs after the RCU grace period (SOCK_RCU_FREE): no walker is left. */
static void ipv8_raw_destruct(struct sock *sk)
{
	skb_queue_purge(&sk->sk_receive_queue);
}

/* ---- receive ----------------------------------------------------------- */

static bool ipv8_raw_match(struct sock *sk, const struct ipv8hdr *hdr,
			   int ifindex)
{
	struct ipv8_raw_sock *rs = ipv8_raw_sk(sk);
	int bound_if = READ_ONCE(sk->sk_bound_dev_if);

	return sk->sk_protocol == hdr->protocol &&
	       (!bound_if || bound_if == ifindex) &&
	       ipv8_raw_addr_match(&rs->saddr, &hdr->daddr) &&
	       ipv8_raw_addr_match(&rs->daddr, &hdr->saddr);
}

/**
 * ipv8_raw_deliver() - hand a copy of a local packet to matching raw sockets
 * @net: namespace the packet arrived in
 * @skb: the packet: network header set, data at the transport header
 *
 * Context: softirq or BH disabled, under rcu_read_lock(). @skb stays the
 * caller's; each matching socket gets a clone whose data starts at the
 * network header, since raw sockets read the header too.
 */
void ipv8_raw_deliver(struct net *net, struct sk_buff *skb)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	const struct ipv8hdr *hdr;
	struct sk_buff *clone;
	struct sock *sk;
	int ifindex;

	hdr = ipv8_hdr(skb);
	ifindex = skb->dev ? skb->dev->ifindex : 0;

	sk_for_each_rcu(sk, &ipn->raw_sockets) {
		if (!ipv8_raw_match(sk, hdr, ifindex))
			continue;
		clone = skb_clone(skb, GFP_ATOMIC);
		if (!clone) {
			atomic_inc(&sk->sk_drops);
			continue;
		}
		__skb_push(clone, clone->data - skb_network_header(clone));
		/* Counts the drop in sk_drops itself when the queue is full. */
		if (sock_queue_rcv_skb(sk, clone) < 0)
			kfree_skb(clone);
	}
}

/* ---- proto_ops --------------------------------------------------------- */

static int ipv8_raw_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (sk) {
		sock->sk = NULL;
		sk->sk_prot->close(sk, 0);
	}
	return 0;
}

static int ipv8_raw_bind(struct socket *sock, struct sockaddr *uaddr,
			 int addr_len)
{
	struct sockaddr_in8 *sin8 = (struct sockaddr_in8 *)uaddr;
	struct sock *sk = sock->sk;
	bool local;
	int err;

	err = ipv8_check_sockaddr(sin8, addr_len);
	if (err)
		return err;
	if (!ipv8_addr_any(&sin8->sin8_addr)) {
		rcu_read_lock();
		local = ipv8_addr_is_local(sock_net(sk), &sin8->sin8_addr);
		rcu_read_unlock();
		if (!local)
			return -EADDRNOTAVAIL;
	}

	lock_sock(sk);
	ipv8_sk_set_addr(&ipv8_raw_sk(sk)->saddr, &sin8->sin8_addr);
	release_sock(sk);
	return 0;
}

/*
 * The flow a packet from @sk to @daddr takes, and its route. A routing
 * prefix of 0 is IPv4, which AF_INET8 sockets refuse (protocol.md 8.3).
 * On success the caller owns @out and must ipv8_out_put() it.
 */
static int ipv8_raw_route(struct sock *sk, const struct in8_addr *daddr,
			  struct ipv8_flow *fl, struct ipv8_out *out)
{
	struct ipv8_raw_sock *rs = ipv8_raw_sk(sk);
	int err;

	if (!daddr->s8_asn)
		return -ENETUNREACH;

	memset(fl, 0, sizeof(*fl));
	fl->daddr = *daddr;
	fl->oif = READ_ONCE(sk->sk_bound_dev_if);
	fl->protocol = sk->sk_protocol;
	lock_sock(sk);
	fl->saddr = rs->saddr;
	ipv8_ip_opts_flow(&rs->opts, fl);
	release_sock(sk);

	err = ipv8_route_output(sock_net(sk), fl, out);
	if (err)
		return err;
	if (out->broadcast && !sock_flag(sk, SOCK_BROADCAST)) {
		ipv8_out_put(out);
		return -EACCES;
	}
	return 0;
}

/*
 * connect() fixes the default destination and filters what is received
 * to packets from it; AF_UNSPEC undoes that. The route is looked up once
 * so that an unreachable peer fails here, as on AF_INET, but the source
 * address is still chosen for every packet.
 */
static int ipv8_raw_connect(struct socket *sock, struct sockaddr *uaddr,
			    int addr_len, int flags)
{
	struct sockaddr_in8 *sin8 = (struct sockaddr_in8 *)uaddr;
	static const struct in8_addr any;
	struct sock *sk = sock->sk;
	struct ipv8_flow fl;
	struct ipv8_out out;
	int err;

	if (addr_len >= (int)sizeof(uaddr->sa_family) &&
	    uaddr->sa_family == AF_UNSPEC) {
		lock_sock(sk);
		ipv8_sk_set_addr(&ipv8_raw_sk(sk)->daddr, &any);
		release_sock(sk);
		return 0;
	}

	err = ipv8_check_sockaddr(sin8, addr_len);
	if (err)
		return err;
	err = ipv8_raw_route(sk, &sin8->sin8_addr, &fl, &out);
	if (err)
		return err;
	ipv8_out_put(&out);

	lock_sock(sk);
	ipv8_sk_set_addr(&ipv8_raw_sk(sk)->daddr, &sin8->sin8_addr);
	release_sock(sk);
	return 0;
}

static int ipv8_raw_getname(struct socket *sock, struct sockaddr *uaddr,
			    int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_in8 *, sin8, uaddr);
	struct sock *sk = sock->sk;
	struct ipv8_raw_sock *rs = ipv8_raw_sk(sk);
	int ret = sizeof(*sin8);

	memset(sin8, 0, sizeof(*sin8));
	sin8->sin8_family = AF_INET8;
	lock_sock(sk);
	if (!peer)
		sin8->sin8_addr = rs->saddr;
	else if (!ipv8_addr_any(&rs->daddr))
		sin8->sin8_addr = rs->daddr;
	else
		ret = -ENOTCONN;
	release_sock(sk);
	return ret;
}

static int ipv8_raw_ioctl(struct socket *sock, unsigned int cmd,
			  unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	int amount;

	switch (cmd) {
	case SIOCOUTQ:
		amount = sk_wmem_alloc_get(sk);
		break;
	case SIOCINQ:
		/* The next datagram's length, header included, as AF_INET. */
		spin_lock_bh(&sk->sk_receive_queue.lock);
		skb = skb_peek(&sk->sk_receive_queue);
		amount = skb ? skb->len : 0;
		spin_unlock_bh(&sk->sk_receive_queue.lock);
		break;
	default:
		return -ENOIOCTLCMD;
	}
	return put_user(amount, (int __user *)arg);
}

static int ipv8_raw_setsockopt(struct socket *sock, int level, int optname,
			       sockptr_t optval, unsigned int optlen)
{
	return ipv8_ip_setsockopt(sock->sk, &ipv8_raw_sk(sock->sk)->opts, level,
				  optname, optval, optlen);
}

static int ipv8_raw_getsockopt(struct socket *sock, int level, int optname,
			       char __user *optval, int __user *optlen)
{
	return ipv8_ip_getsockopt(&ipv8_raw_sk(sock->sk)->opts, level, optname,
				  optval, optlen);
}

static int ipv8_raw_sendmsg(struct socket *sock, struct msghdr *msg,
			    size_t len)
{
	DECLARE_SOCKADDR(struct sockaddr_in8 *, sin8, msg->msg_name);
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	struct in8_addr daddr;
	struct ipv8_flow fl;
	struct ipv8_out out;
	struct sk_buff *skb;
	unsigned int hlen;
	int err;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* tot_len is 16 bits, whatever the path MTU. */
	if (len > U16_MAX - IPV8_HLEN)
		return -EMSGSIZE;

	if (sin8) {
		err = ipv8_check_sockaddr(sin8, msg->msg_namelen);
		if (err)
			return err;
		daddr = sin8->sin8_addr;
	} else {
		lock_sock(sk);
		daddr = ipv8_raw_sk(sk)->daddr;
		release_sock(sk);
		if (ipv8_addr_any(&daddr))
			return -EDESTADDRREQ;
	}

	err = ipv8_raw_route(sk, &daddr, &fl, &out);
	if (err)
		return err;
	if (len + IPV8_HLEN > out.mtu) {
		err = -EMSGSIZE;
		goto out_put;
	}

	/* The device reference is held across a blocking allocation, as
	 * AF_PACKET does: unregistering the device frees what fills our
	 * send buffer, so the wait ends.
	 */
	hlen = ipv8_out_headroom(&out);
	skb = sock_alloc_send_skb(sk, hlen + len, msg->msg_flags & MSG_DONTWAIT,
				  &err);
	if (!skb)
		goto out_put;
	skb_reserve(skb, hlen);
	err = memcpy_from_msg(skb_put(skb, len), msg, len);
	if (err) {
		kfree_skb(skb);
		goto out_put;
	}
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);

	err = ipv8_output(net, skb, &fl, &out);
out_put:
	ipv8_out_put(&out);
	return err ? err : len;
}

static int ipv8_raw_recvmsg(struct socket *sock, struct msghdr *msg,
			    size_t len, int flags)
{
	DECLARE_SOCKADDR(struct sockaddr_in8 *, sin8, msg->msg_name);
	struct sock *sk = sock->sk;
	const struct ipv8hdr *hdr;
	struct sk_buff *skb;
	size_t copied;
	int err;

	/* No out-of-band data, and no error queue (IP_RECVERR) yet. */
	if (flags & (MSG_OOB | MSG_ERRQUEUE))
		return -EOPNOTSUPP;

	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;

	copied = skb->len;
	if (len < copied) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto out_free;

	sock_recv_cmsgs(msg, sk, skb);

	if (sin8) {
		hdr = ipv8_hdr(skb);
		memset(sin8, 0, sizeof(*sin8));
		sin8->sin8_family = AF_INET8;
		sin8->sin8_addr = hdr->saddr;
		msg->msg_namelen = sizeof(*sin8);
	}
	if (flags & MSG_TRUNC)
		copied = skb->len;
out_free:
	skb_free_datagram(sk, skb);
	return err ? err : copied;
}

static const struct proto_ops ipv8_raw_ops = {
	.family		= PF_INET8,
	.owner		= THIS_MODULE,
	.release	= ipv8_raw_release,
	.bind		= ipv8_raw_bind,
	.connect	= ipv8_raw_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= ipv8_raw_getname,
	.poll		= datagram_poll,
	.ioctl		= ipv8_raw_ioctl,
	.gettstamp	= sock_gettstamp,
	.listen		= sock_no_listen,
	.shutdown	= sock_no_shutdown,
	.setsockopt	= ipv8_raw_setsockopt,
	.getsockopt	= ipv8_raw_getsockopt,
	.sendmsg	= ipv8_raw_sendmsg,
	.recvmsg	= ipv8_raw_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct proto ipv8_raw_proto = {
	.name		= "RAW8",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct ipv8_raw_sock),
	.close		= ipv8_raw_close,
	.hash		= ipv8_raw_hash,
	.unhash		= ipv8_raw_unhash,
};

/**
 * ipv8_raw_create() - make a SOCK_RAW socket of family AF_INET8
 * @net: namespace of the new socket
 * @sock: the socket the core allocated
 * @protocol: IP protocol the socket sends and receives, 1..255
 * @kern: created by the kernel: no capability check, and, as for any
 *	family, the creator must release it before @net goes away
 *
 * Return: 0, or -ESOCKTNOSUPPORT, -EPROTONOSUPPORT, -EPERM (no CAP_NET_RAW
 * in the namespace's user namespace) or -ENOMEM.
 */
int ipv8_raw_create(struct net *net, struct socket *sock, int protocol,
		    int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	if (protocol <= 0 || protocol > U8_MAX)
		return -EPROTONOSUPPORT;
	if (!kern && !ns_capable(net->user_ns, CAP_NET_RAW))
		return -EPERM;

	/* sk_alloc() zeroes the whole object: unbound, unconnected. */
	sk = sk_alloc(net, PF_INET8, GFP_KERNEL, &ipv8_raw_proto, kern);
	if (!sk)
		return -ENOMEM;

	sock->state = SS_UNCONNECTED;
	sock->ops = &ipv8_raw_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	sk->sk_destruct = ipv8_raw_destruct;
	/* ipv8_raw_deliver() walks the list under RCU only. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	return sk->sk_prot->hash(sk);
}

int __init ipv8_raw_init(void)
{
	return proto_register(&ipv8_raw_proto, 1);
}

/*
 * Every socket holds a reference on the module, dropped only once its
 * memory is freed after the RCU grace period: no socket, and no slab
 * object, is left here.
 */
void ipv8_raw_exit(void)
{
	proto_unregister(&ipv8_raw_proto);
}
