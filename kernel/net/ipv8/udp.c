// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: AF_INET8 SOCK_DGRAM sockets, UDP8 (docs/protocol.md section 8.4).
 *
 * RFC 768 over IPv8, with the 20-octet pseudo-header and a checksum that
 * is mandatory both ways. Bound sockets sit in the port table of their
 * namespace, ipv8_net.udp_hash, keyed by local port: linked and unlinked
 * under udp_lock in process context, walked under RCU by the receive path.
 * As in raw.c, SOCK_RCU_FREE keeps a socket's memory until such a walk is
 * over and the receive queue is purged only in the destructor.
 *
 * The addresses and ports of a socket change under its socket lock (and,
 * for the local port, udp_lock too) with WRITE_ONCE(); the receive path
 * reads them with READ_ONCE() and may see a half-updated pair for one
 * packet, as raw.c explains.
 */

#include <linux/icmp.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/sockios.h>
#include <linux/string.h>
#include <linux/termios.h>	/* TIOCOUTQ and FIONREAD, behind SIOCOUTQ/INQ */
#include <linux/uaccess.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/sock.h>

#include "ipv8.h"

#define IPV8_UDP_HLEN	sizeof(struct udphdr)

/**
 * struct ipv8_udp_sock - an AF_INET8 UDP8 socket
 * @sk: the socket; first, as sk_alloc() requires
 * @saddr: bound address, all-zero for any
 * @daddr: peer of a connected socket, all-zero when not connected
 * @sport: local port, network order, 0 while unbound
 * @dport: peer port of a connected socket, network order
 * @opts: SOL_IP options of sent datagrams
 *
 * The first four are written under the socket lock with WRITE_ONCE()
 * (@sport also under udp_lock) and read locklessly by the receive path.
 */
struct ipv8_udp_sock {
	struct sock	sk;
	struct in8_addr	saddr;
	struct in8_addr	daddr;
	__be16		sport;
	__be16		dport;
	struct ipv8_ip_opts opts;
};

/* The 20-octet pseudo-header of docs/protocol.md 8.4. */
struct ipv8_udp_phdr {
	struct in8_addr	saddr;
	struct in8_addr	daddr;
	u8		zero;
	u8		protocol;
	__be16		len;
};

static struct ipv8_udp_sock *ipv8_udp_sk(const struct sock *sk)
{
	return container_of(sk, struct ipv8_udp_sock, sk);
}

/* The checksum of a datagram of @len octets at @offset in @skb. */
static __sum16 ipv8_udp_csum(const struct sk_buff *skb, int offset,
			     unsigned int len, const struct in8_addr *saddr,
			     const struct in8_addr *daddr)
{
	struct ipv8_udp_phdr ph = {
		.saddr		= *saddr,
		.daddr		= *daddr,
		.protocol	= IPPROTO_UDP,
		.len		= htons(len),
	};

	return csum_fold(skb_checksum(skb, offset, len,
				      csum_partial(&ph, sizeof(ph), 0)));
}

/* ---- port table ---------------------------------------------------------- */

static struct hlist_head *ipv8_udp_bucket(struct ipv8_net *ipn, u16 port)
{
	return &ipn->udp_hash[port & (IPV8_UDP_HASH_SIZE - 1)];
}

/*
 * Would @sk, bound to @addr port @port, clash with a socket already in the
 * table? As UDP: the ports are equal, the addresses and devices overlap
 * (equal, or either a wildcard), and not both sockets set SO_REUSEADDR.
 * Caller holds udp_lock.
 */
static bool ipv8_udp_port_used(struct ipv8_net *ipn, const struct sock *sk,
			       const struct in8_addr *addr, __be16 port)
{
	const struct ipv8_udp_sock *us;
	int bound_if = sk->sk_bound_dev_if;
	struct sock *sk2;

	sk_for_each(sk2, ipv8_udp_bucket(ipn, ntohs(port))) {
		us = ipv8_udp_sk(sk2);
		if (sk2 == sk || us->sport != port)
			continue;
		if (!ipv8_addr_any(addr) && !ipv8_addr_any(&us->saddr) &&
		    !ipv8_addr_equal(addr, &us->saddr))
			continue;
		if (bound_if && sk2->sk_bound_dev_if &&
		    bound_if != sk2->sk_bound_dev_if)
			continue;
		if (sk->sk_reuse && sk2->sk_reuse)
			continue;
		return true;
	}
	return false;
}

/*
 * Bind @sk to @addr and @port (host order; 0 picks a free one from the
 * namespace's ephemeral range) and link it into the table. Caller holds
 * the socket lock; the socket is not bound yet.
 */
static int ipv8_udp_do_bind(struct sock *sk, const struct in8_addr *addr,
			    u16 port)
{
	struct ipv8_net *ipn = ipv8_pernet(sock_net(sk));
	struct ipv8_udp_sock *us = ipv8_udp_sk(sk);
	int low, high, i, err = 0;
	u32 range;

	spin_lock(&ipn->udp_lock);
	if (port) {
		if (ipv8_udp_port_used(ipn, sk, addr, htons(port)))
			err = -EADDRINUSE;
	} else {
		inet_get_local_port_range(sock_net(sk), &low, &high);
		range = high - low + 1;
		port = low + reciprocal_scale(get_random_u32(), range);
		for (i = 0; i < range; i++) {
			if (!ipv8_udp_port_used(ipn, sk, addr, htons(port)))
				break;
			port = port == high ? low : port + 1;
		}
		if (i == range)
			err = -EADDRINUSE;
	}
	if (!err) {
		ipv8_sk_set_addr(&us->saddr, addr);
		WRITE_ONCE(us->sport, htons(port));
		sk_add_node_rcu(sk, ipv8_udp_bucket(ipn, port));
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	}
	spin_unlock(&ipn->udp_lock);
	return err;
}

/* Autobind on first use, with the wildcard address. Socket lock held. */
static int ipv8_udp_autobind(struct sock *sk)
{
	static const struct in8_addr any;

	if (ipv8_udp_sk(sk)->sport)
		return 0;
	return ipv8_udp_do_bind(sk, &any, 0);
}

static int ipv8_udp_hash(struct sock *sk)
{
	return 0;	/* sockets enter the table when they are bound */
}

static void ipv8_udp_unhash(struct sock *sk)
{
	struct ipv8_net *ipn = ipv8_pernet(sock_net(sk));

	spin_lock(&ipn->udp_lock);
	if (sk_del_node_init_rcu(sk))
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	spin_unlock(&ipn->udp_lock);
}

static void ipv8_udp_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
}

/* Runs after the RCU grace period (SOCK_RCU_FREE): no walker is left. */
static void ipv8_udp_destruct(struct sock *sk)
{
	skb_queue_purge(&sk->sk_receive_queue);
}

/* ---- receive ------------------------------------------------------------- */

/*
 * How well @sk matches a datagram: -1 not at all, else higher for each
 * field the socket names exactly, as UDP's compute_score().
 */
static int ipv8_udp_score(struct sock *sk, const struct in8_addr *saddr,
			  __be16 sport, const struct in8_addr *daddr,
			  __be16 dport, int ifindex)
{
	struct ipv8_udp_sock *us = ipv8_udp_sk(sk);
	int bound_if = READ_ONCE(sk->sk_bound_dev_if);
	struct in8_addr a;
	int score = 0;
	__be16 port;

	if (READ_ONCE(us->sport) != dport)
		return -1;
	ipv8_sk_get_addr(&a, &us->saddr);
	if (!ipv8_addr_any(&a)) {
		if (!ipv8_addr_equal(&a, daddr))
			return -1;
		score += 4;
	}
	ipv8_sk_get_addr(&a, &us->daddr);
	if (!ipv8_addr_any(&a)) {
		port = READ_ONCE(us->dport);
		if (!ipv8_addr_equal(&a, saddr) || port != sport)
			return -1;
		score += 4;
	}
	if (bound_if) {
		if (bound_if != ifindex)
			return -1;
		score += 4;
	}
	return score;
}

/*
 * Queue @skb (data at the payload) on @sk, counting it on @idev (may be
 * NULL) and the namespace; consumes it.
 */
static void ipv8_udp_queue(struct ipv8_net *ipn, struct ipv8_dev *idev,
			   struct sock *sk, struct sk_buff *skb)
{
	/* Counts the drop in sk_drops itself when the buffer is full. */
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		ipv8_count(ipn, idev, IPV8_STAT_UDP_RX_DROP_RCVBUF);
		kfree_skb(skb);
		return;
	}
	ipv8_count(ipn, idev, IPV8_STAT_UDP_RX_DATAGRAMS);
}

/*
 * A datagram to the broadcast address goes to every matching socket, as
 * UDP delivers broadcasts; true when there was at least one.
 */
static bool ipv8_udp_bcast(struct ipv8_net *ipn, struct ipv8_dev *idev,
			   struct sk_buff *skb, const struct ipv8hdr *hdr,
			   const struct udphdr *uh, int ifindex)
{
	struct sock *sk, *first = NULL;
	struct sk_buff *clone;

	sk_for_each_rcu(sk, ipv8_udp_bucket(ipn, ntohs(uh->dest))) {
		if (ipv8_udp_score(sk, &hdr->saddr, uh->source, &hdr->daddr,
				   uh->dest, ifindex) < 0)
			continue;
		if (!first) {
			first = sk;
			continue;
		}
		clone = skb_clone(skb, GFP_ATOMIC);
		if (!clone) {
			atomic_inc(&sk->sk_drops);
			ipv8_count(ipn, idev, IPV8_STAT_UDP_RX_DROP_NOMEM);
			continue;
		}
		ipv8_udp_queue(ipn, idev, sk, clone);
	}
	if (!first)
		return false;
	ipv8_udp_queue(ipn, idev, first, skb);
	return true;
}

/**
 * ipv8_udp_rcv() - a UDP8 datagram for this host
 * @net: the namespace
 * @skb: the packet, data at the UDP header; always consumed
 *
 * Datagrams that are short, whose checksum is zero or wrong, are dropped;
 * one that no socket takes is answered with port unreachable. Each
 * datagram counts once: queued (UDP_RX_DATAGRAMS, per socket for a
 * broadcast) or dropped for one UDP_RX_DROP_* reason.
 * Caller holds RCU with bottom halves off.
 */
void ipv8_udp_rcv(struct net *net, struct sk_buff *skb)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	enum ipv8_stat why = IPV8_STAT_UDP_RX_DROP_SHORT;
	struct sock *sk, *best = NULL;
	struct ipv8_dev *idev = NULL;
	const struct ipv8hdr *hdr;
	const struct udphdr *uh;
	int score, best_score = -1;
	unsigned int ulen;
	int ifindex = 0;

	if (skb->dev) {
		ifindex = skb->dev->ifindex;
		idev = ipv8_dev_get(skb->dev);
	}
	if (skb->len < IPV8_UDP_HLEN)
		goto drop;
	why = IPV8_STAT_UDP_RX_DROP_NOMEM;
	if (!pskb_may_pull(skb, IPV8_UDP_HLEN))
		goto drop;
	uh = udp_hdr(skb);
	ulen = ntohs(uh->len);
	why = IPV8_STAT_UDP_RX_DROP_SHORT;
	if (ulen < IPV8_UDP_HLEN || ulen > skb->len)
		goto drop;
	why = IPV8_STAT_UDP_RX_DROP_NOMEM;
	if (pskb_trim_rcsum(skb, ulen))
		goto drop;
	hdr = ipv8_hdr(skb);
	uh = udp_hdr(skb);
	/* Zero means "no checksum", which UDP8 does not allow. */
	why = IPV8_STAT_UDP_RX_DROP_CHECKSUM;
	if (!uh->check ||
	    ipv8_udp_csum(skb, 0, ulen, &hdr->saddr, &hdr->daddr))
		goto drop;

	why = IPV8_STAT_UDP_RX_DROP_NO_PORT;
	__skb_pull(skb, IPV8_UDP_HLEN);
	if (ipv8_addr_is_broadcast(&hdr->daddr)) {
		if (!ipv8_udp_bcast(ipn, idev, skb, hdr, uh, ifindex))
			goto drop;
		return;
	}

	sk_for_each_rcu(sk, ipv8_udp_bucket(ipn, ntohs(uh->dest))) {
		score = ipv8_udp_score(sk, &hdr->saddr, uh->source,
				       &hdr->daddr, uh->dest, ifindex);
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	if (best) {
		ipv8_udp_queue(ipn, idev, best, skb);
		return;
	}
	ipv8_count(ipn, idev, IPV8_STAT_UDP_RX_DROP_NO_PORT);
	/* ipv8_icmp_send() quotes from the network header. */
	ipv8_icmp_send(net, skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	consume_skb(skb);
	return;
drop:
	ipv8_count(ipn, idev, why);
	kfree_skb(skb);
}

/**
 * ipv8_udp_err() - an ICMPv8 error about a datagram this host sent
 * @net: the namespace
 * @skb: the ICMP message, data at the ICMP header
 * @type: its type
 * @code: its code
 *
 * The connected socket the quoted datagram came from gets the error in
 * sk_err (ECONNREFUSED for port unreachable), reported on its next call,
 * as AF_INET does without IP_RECVERR. Unconnected sockets hear nothing.
 * Does not consume @skb. Caller holds RCU with bottom halves off.
 */
void ipv8_udp_err(struct net *net, struct sk_buff *skb, u8 type, u8 code)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	unsigned int off = sizeof(struct icmphdr);
	struct udphdr uh_buf;
	struct ipv8hdr ih_buf;
	const struct ipv8hdr *ih;
	const struct udphdr *uh;
	struct ipv8_udp_sock *us;
	struct in8_addr a;
	struct sock *sk;
	int err;

	if (type != ICMP_DEST_UNREACH)
		return;
	ih = skb_header_pointer(skb, off, sizeof(ih_buf), &ih_buf);
	if (!ih || ih->protocol != IPPROTO_UDP || ih->ihl < IPV8_IHL)
		return;
	uh = skb_header_pointer(skb, off + ih->ihl * 4, sizeof(uh_buf),
				&uh_buf);
	if (!uh)
		return;
	err = code == ICMP_PORT_UNREACH ? ECONNREFUSED :
	      code == ICMP_FRAG_NEEDED ? EMSGSIZE : EHOSTUNREACH;

	sk_for_each_rcu(sk, ipv8_udp_bucket(ipn, ntohs(uh->source))) {
		us = ipv8_udp_sk(sk);
		if (READ_ONCE(us->sport) != uh->source ||
		    READ_ONCE(us->dport) != uh->dest)
			continue;
		ipv8_sk_get_addr(&a, &us->daddr);
		if (ipv8_addr_any(&a) || !ipv8_addr_equal(&a, &ih->daddr))
			continue;
		ipv8_sk_get_addr(&a, &us->saddr);
		if (!ipv8_addr_any(&a) && !ipv8_addr_equal(&a, &ih->saddr))
			continue;
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
		return;
	}
}

/* ---- proto_ops ----------------------------------------------------------- */

static int ipv8_udp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (sk) {
		sock->sk = NULL;
		sk->sk_prot->close(sk, 0);
	}
	return 0;
}

static int ipv8_udp_bind(struct socket *sock, struct sockaddr *uaddr,
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
		/* The broadcast address may be bound to hear broadcasts. */
		if (!local && !ipv8_addr_is_broadcast(&sin8->sin8_addr))
			return -EADDRNOTAVAIL;
	}

	lock_sock(sk);
	if (ipv8_udp_sk(sk)->sport)
		err = -EINVAL;	/* bound already, explicitly or not */
	else
		err = ipv8_udp_do_bind(sk, &sin8->sin8_addr,
				       ntohs(sin8->sin8_port));
	release_sock(sk);
	return err;
}

/*
 * The flow of a datagram from @sk to @daddr and its route; the caller
 * owns @out on success. A broadcast leaves with the bound address, else
 * with the first address of the output link, else with the all-zero
 * source of a link that has none yet (DHCP8).
 */
static int ipv8_udp_route(struct sock *sk, const struct in8_addr *daddr,
			  struct ipv8_flow *fl, struct ipv8_out *out)
{
	const struct ipv8_ifaddr *ifa;
	struct ipv8_dev *idev;
	int err;

	if (!daddr->s8_asn)
		return -ENETUNREACH;

	memset(fl, 0, sizeof(*fl));
	fl->daddr = *daddr;
	fl->oif = READ_ONCE(sk->sk_bound_dev_if);
	fl->protocol = IPPROTO_UDP;
	ipv8_ip_opts_flow(&ipv8_udp_sk(sk)->opts, fl);
	ipv8_sk_get_addr(&fl->saddr, &ipv8_udp_sk(sk)->saddr);
	/* A socket bound to the broadcast address to hear it sends from any. */
	if (ipv8_addr_is_broadcast(&fl->saddr))
		memset(&fl->saddr, 0, sizeof(fl->saddr));

	err = ipv8_route_output(sock_net(sk), fl, out);
	if (err)
		return err;
	if (out->broadcast && !sock_flag(sk, SOCK_BROADCAST)) {
		ipv8_out_put(out);
		return -EACCES;
	}
	if (out->broadcast && ipv8_addr_any(&fl->saddr)) {
		rcu_read_lock();
		idev = ipv8_dev_get(out->dev);
		ifa = idev ? list_first_or_null_rcu(&idev->addrs,
						    struct ipv8_ifaddr, list) :
			     NULL;
		if (ifa)
			fl->saddr = ifa->addr;
		rcu_read_unlock();
	}
	return 0;
}

/*
 * connect() fixes the default destination and filters what is received
 * to datagrams from it; AF_UNSPEC undoes that. An unbound socket gets a
 * port. As in raw.c the source address is still chosen per datagram.
 */
static int ipv8_udp_connect(struct socket *sock, struct sockaddr *uaddr,
			    int addr_len, int flags)
{
	struct sockaddr_in8 *sin8 = (struct sockaddr_in8 *)uaddr;
	static const struct in8_addr any;
	struct sock *sk = sock->sk;
	struct ipv8_udp_sock *us = ipv8_udp_sk(sk);
	struct ipv8_flow fl;
	struct ipv8_out out;
	int err;

	if (addr_len >= (int)sizeof(uaddr->sa_family) &&
	    uaddr->sa_family == AF_UNSPEC) {
		lock_sock(sk);
		ipv8_sk_set_addr(&us->daddr, &any);
		WRITE_ONCE(us->dport, 0);
		sock->state = SS_UNCONNECTED;
		release_sock(sk);
		return 0;
	}

	err = ipv8_check_sockaddr(sin8, addr_len);
	if (err)
		return err;
	if (!sin8->sin8_port)
		return -EINVAL;

	lock_sock(sk);
	err = ipv8_udp_route(sk, &sin8->sin8_addr, &fl, &out);
	if (err)
		goto out;
	ipv8_out_put(&out);
	err = ipv8_udp_autobind(sk);
	if (err)
		goto out;
	ipv8_sk_set_addr(&us->daddr, &sin8->sin8_addr);
	WRITE_ONCE(us->dport, sin8->sin8_port);
	sock->state = SS_CONNECTED;
out:
	release_sock(sk);
	return err;
}

static int ipv8_udp_getname(struct socket *sock, struct sockaddr *uaddr,
			    int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_in8 *, sin8, uaddr);
	struct sock *sk = sock->sk;
	struct ipv8_udp_sock *us = ipv8_udp_sk(sk);
	int ret = sizeof(*sin8);

	memset(sin8, 0, sizeof(*sin8));
	sin8->sin8_family = AF_INET8;
	lock_sock(sk);
	if (!peer) {
		sin8->sin8_addr = us->saddr;
		sin8->sin8_port = us->sport;
	} else if (us->dport) {
		sin8->sin8_addr = us->daddr;
		sin8->sin8_port = us->dport;
	} else {
		ret = -ENOTCONN;
	}
	release_sock(sk);
	return ret;
}

static int ipv8_udp_ioctl(struct socket *sock, unsigned int cmd,
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
		/* The next datagram's payload length, as AF_INET UDP. */
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

static int ipv8_udp_sendmsg(struct socket *sock, struct msghdr *msg,
			    size_t len)
{
	DECLARE_SOCKADDR(struct sockaddr_in8 *, sin8, msg->msg_name);
	struct sock *sk = sock->sk;
	struct ipv8_udp_sock *us = ipv8_udp_sk(sk);
	struct in8_addr daddr;
	struct ipv8_flow fl;
	struct ipv8_out out;
	struct sk_buff *skb;
	struct udphdr *uh;
	unsigned int hlen, ulen = len + IPV8_UDP_HLEN;
	__be16 dport = 0, sport;
	int err;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* tot_len is 16 bits, whatever the path MTU. */
	if (len > U16_MAX - IPV8_HLEN - IPV8_UDP_HLEN)
		return -EMSGSIZE;

	if (sin8) {
		err = ipv8_check_sockaddr(sin8, msg->msg_namelen);
		if (err)
			return err;
		if (!sin8->sin8_port)
			return -EINVAL;
		daddr = sin8->sin8_addr;
		dport = sin8->sin8_port;
	}

	lock_sock(sk);
	if (!sin8) {
		daddr = us->daddr;
		dport = us->dport;
	}
	err = dport ? ipv8_udp_autobind(sk) : -EDESTADDRREQ;
	sport = us->sport;
	release_sock(sk);
	if (err)
		return err;

	err = ipv8_udp_route(sk, &daddr, &fl, &out);
	if (err)
		return err;
	if (ulen + IPV8_HLEN > out.mtu) {
		err = -EMSGSIZE;
		goto out_put;
	}

	/* As raw.c: the device reference is held across the allocation. */
	hlen = ipv8_out_headroom(&out);
	skb = sock_alloc_send_skb(sk, hlen + ulen, msg->msg_flags & MSG_DONTWAIT,
				  &err);
	if (!skb)
		goto out_put;
	skb_reserve(skb, hlen);
	skb_reset_transport_header(skb);
	uh = skb_put(skb, IPV8_UDP_HLEN);
	uh->source = sport;
	uh->dest = dport;
	uh->len = htons(ulen);
	uh->check = 0;
	err = memcpy_from_msg(skb_put(skb, len), msg, len);
	if (err) {
		kfree_skb(skb);
		goto out_put;
	}
	uh->check = ipv8_udp_csum(skb, 0, ulen, &fl.saddr, &fl.daddr);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);

	/* Counted before: ipv8_output() consumes the skb, and its drops
	 * further on have counters of their own.
	 */
	rcu_read_lock();
	ipv8_count(ipv8_pernet(sock_net(sk)), ipv8_dev_get(out.dev),
		   IPV8_STAT_UDP_TX_DATAGRAMS);
	rcu_read_unlock();
	err = ipv8_output(sock_net(sk), skb, &fl, &out);
out_put:
	ipv8_out_put(&out);
	return err ? err : len;
}

static int ipv8_udp_setsockopt(struct socket *sock, int level, int optname,
			       sockptr_t optval, unsigned int optlen)
{
	return ipv8_ip_setsockopt(sock->sk, &ipv8_udp_sk(sock->sk)->opts, level,
				  optname, optval, optlen);
}

static int ipv8_udp_getsockopt(struct socket *sock, int level, int optname,
			       char __user *optval, int __user *optlen)
{
	return ipv8_ip_getsockopt(&ipv8_udp_sk(sock->sk)->opts, level, optname,
				  optval, optlen);
}

static int ipv8_udp_recvmsg(struct socket *sock, struct msghdr *msg,
			    size_t len, int flags)
{
	DECLARE_SOCKADDR(struct sockaddr_in8 *, sin8, msg->msg_name);
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	size_t copied;
	int err;

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
		memset(sin8, 0, sizeof(*sin8));
		sin8->sin8_family = AF_INET8;
		sin8->sin8_addr = ipv8_hdr(skb)->saddr;
		sin8->sin8_port = udp_hdr(skb)->source;
		msg->msg_namelen = sizeof(*sin8);
	}
	if (flags & MSG_TRUNC)
		copied = skb->len;
out_free:
	skb_free_datagram(sk, skb);
	return err ? err : copied;
}

static const struct proto_ops ipv8_udp_ops = {
	.family		= PF_INET8,
	.owner		= THIS_MODULE,
	.release	= ipv8_udp_release,
	.bind		= ipv8_udp_bind,
	.connect	= ipv8_udp_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= ipv8_udp_getname,
	.poll		= datagram_poll,
	.ioctl		= ipv8_udp_ioctl,
	.gettstamp	= sock_gettstamp,
	.listen		= sock_no_listen,
	.shutdown	= sock_no_shutdown,
	.setsockopt	= ipv8_udp_setsockopt,
	.getsockopt	= ipv8_udp_getsockopt,
	.sendmsg	= ipv8_udp_sendmsg,
	.recvmsg	= ipv8_udp_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct proto ipv8_udp_proto = {
	.name		= "UDP8",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct ipv8_udp_sock),
	.close		= ipv8_udp_close,
	.hash		= ipv8_udp_hash,
	.unhash		= ipv8_udp_unhash,
};

/**
 * ipv8_udp_create() - make a SOCK_DGRAM socket of family AF_INET8
 * @net: namespace of the new socket
 * @sock: the socket the core allocated
 * @protocol: 0 or IPPROTO_UDP
 * @kern: created by the kernel
 *
 * Return: 0, or -EPROTONOSUPPORT or -ENOMEM.
 */
int ipv8_udp_create(struct net *net, struct socket *sock, int protocol,
		    int kern)
{
	struct sock *sk;

	if (protocol && protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;

	/* sk_alloc() zeroes the whole object: unbound, unconnected. */
	sk = sk_alloc(net, PF_INET8, GFP_KERNEL, &ipv8_udp_proto, kern);
	if (!sk)
		return -ENOMEM;

	sock->state = SS_UNCONNECTED;
	sock->ops = &ipv8_udp_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = IPPROTO_UDP;
	sk->sk_destruct = ipv8_udp_destruct;
	/* ipv8_udp_rcv() walks the table under RCU only. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	return 0;
}

int __init ipv8_udp_init(void)
{
	return proto_register(&ipv8_udp_proto, 1);
}

void ipv8_udp_exit(void)
{
	proto_unregister(&ipv8_udp_proto);
}
